// The bench's capture sections, on a scratch database of their own against the fake Google and Microsoft
// (tests/fakes, real https/http servers on 127.0.0.1), through the real app and the real job handlers:
// - gmail: Pub/Sub pushes accepted by POST /webhooks/gmail (OIDC-verified, stored, sync queued) per second with
//   p50/p99, then messages/s matched and stored by one worker reading Gmail's history;
// - outlook: Graph change notifications accepted by POST /webhooks/outlook (clientState checked, stored, sync
//   queued) per second with p50/p99, then messages/s captured by one worker reading the folders' delta;
// - calendar: events/s synced into meetings by one worker, Google Calendar (sync token) and Outlook (calendarView
//   delta).
// Every run checks that nothing was lost or duplicated: one activity per expected Message-ID or event, none for
// internal or unmatched mail, and the mailbox's counters add up. Targets (issue 16): >= 500 accepts/s with
// p99 < 100 ms, >= 200 messages/s. The database is created afresh at the start and dropped at the end (its name
// must start with trucrm_capture_bench, so no real database can be named by mistake).
import { and, count, countDistinct, eq, inArray } from 'drizzle-orm';
import mysql from 'mysql2/promise';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { activities, emailConnections, webhookEvents } from '../../../../drizzle/schema';
import { startFakeGoogle, type FakeGoogle, gmailPushBody } from '../../../../tests/fakes/google';
import { startFakeMicrosoft, type FakeMicrosoft } from '../../../../tests/fakes/microsoft';
import { makeAccount } from '../../../../tests/helpers/factories/accounts';
import { makeContact } from '../../../../tests/helpers/factories/contacts';
import { makeUser } from '../../../../tests/helpers/factories/users';
import { createApp } from '../../../app';
import { createAuth } from '../../../auth';
import { connectGoogleMailbox, connectMicrosoftMailbox } from '../../../capture/connect';
import { requestSync } from '../../../capture/connections';
import { createDb, type Db, migrateDatabase } from '../../../db';
import { type Env, loadEnv } from '../../../env';
import { claimJobs } from '../../../jobs/queue';
import { jobRegistry } from '../../../jobs/registry';
import { runJob } from '../../../jobs/worker';
import { systemClock } from '../../../lib/clock';
import { createLogger } from '../../../lib/log';
import { UsageError } from '../args';
import { percentile, runScenario, type ScenarioResult } from '../latency';

export type CaptureSection = 'gmail' | 'outlook' | 'calendar';
export const CAPTURE_SECTIONS: readonly CaptureSection[] = ['gmail', 'outlook', 'calendar'];

export interface CaptureBenchOptions {
  databaseUrl: string;
  /** Messages delivered (and notifications sent, one per message) for gmail and outlook. */
  messages: number;
  /** Events per calendar (Google and Outlook each). */
  events: number;
  /** Concurrent webhook senders. */
  concurrency: number;
}

const TARGET_ACCEPTS_PER_S = 500;
const TARGET_ACCEPT_P99_MS = 100;
const TARGET_MESSAGES_PER_S = 200;

const ORG = 'corp.bench.test';
const CUSTOMER = 'customer.bench.test';
const PUSH_AUDIENCE = 'https://crm.bench.test/webhooks/gmail';
const PUSH_ACCOUNT = 'gmail-push@trucrm-bench.iam.gserviceaccount.com';
const silent = createLogger('silent');

interface Harness {
  db: Db;
  env: Env;
  google: FakeGoogle;
  microsoft: FakeMicrosoft;
  baseUrl: string;
  repId: string;
  contacts: string[];
  close(): Promise<void>;
}

/** Drops (and, unless `recreate` is false, creates) the scratch database; refuses any name that is not a capture bench's. */
async function freshDatabase(databaseUrl: string, recreate = true): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.replace(/^\//, ''));
  if (!/^trucrm_capture_bench\w*$/.test(name)) {
    throw new UsageError(`the capture bench drops its database first: name it trucrm_capture_bench... (got ${name})`);
  }
  const server = new URL(databaseUrl);
  server.pathname = '/';
  const admin = await mysql.createConnection({ uri: server.toString() });
  try {
    await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
    if (recreate) await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  } finally {
    await admin.end();
  }
}

async function startHarness(databaseUrl: string): Promise<Harness> {
  await freshDatabase(databaseUrl);
  const { db, pool } = createDb(databaseUrl, { connectionLimit: 20 });
  await migrateDatabase(db);
  const google = await startFakeGoogle();
  const microsoft = await startFakeMicrosoft();
  // An https PUBLIC_URL, so Graph (the fake) subscribes; its handshakes and notifications go to the app below.
  const env = loadEnv({
    DATABASE_URL: databaseUrl,
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    ORG_DOMAINS: ORG,
    PUBLIC_URL: 'https://crm.bench.test',
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    GOOGLE_PUSH_AUDIENCE: PUSH_AUDIENCE,
    GOOGLE_PUSH_SERVICE_ACCOUNT: PUSH_ACCOUNT,
    ...google.env,
    ...microsoft.env,
  });
  const app = createApp({ db, auth: createAuth(db, env), env, clock: systemClock, log: silent });
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  microsoft.deliverNotificationsTo(baseUrl);

  const rep = await makeUser(db, { email: `rep@${ORG}`, name: 'Bench Rep' });
  const account = await makeAccount(db, { ownerId: rep.id, domain: CUSTOMER, accountName: 'Bench Customer' });
  const contacts: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    const contact = await makeContact(db, { ownerId: rep.id, accountId: account.id, email: `buyer${i}@${CUSTOMER}` });
    contacts.push(contact.email!);
  }
  return {
    db,
    env,
    google,
    microsoft,
    baseUrl,
    repId: rep.id,
    contacts,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await google.close();
      await microsoft.close();
      await pool.end();
    },
  };
}

/** One worker running every due job to its end, as server/jobs/worker does; returns the jobs run. */
async function drain(h: Harness): Promise<number> {
  let ran = 0;
  for (;;) {
    const claimed = await claimJobs(h.db, 'bench-worker', 10, systemClock.now(), 60_000);
    if (claimed.length === 0) return ran;
    for (const job of claimed) {
      await runJob({ db: h.db, env: h.env, log: silent, clock: systemClock, registry: jobRegistry }, 'bench-worker', job);
      ran += 1;
    }
  }
}

type Kind = 'customer' | 'internal' | 'unmatched';
/** 8 in 10 messages from a customer contact, 1 internal only, 1 from an address no record matches. */
const kindOf = (i: number): Kind => (i % 10 === 8 ? 'internal' : i % 10 === 9 ? 'unmatched' : 'customer');
const senderOf = (h: Harness, i: number) =>
  kindOf(i) === 'customer' ? h.contacts[i % h.contacts.length]! : kindOf(i) === 'internal' ? `colleague${i % 5}@${ORG}` : `someone${i}@elsewhere.bench.test`;

const rate = (n: number, seconds: number) => (seconds > 0 ? n / seconds : Number.POSITIVE_INFINITY);
const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 });

function acceptLine(label: string, r: ScenarioResult): { ok: boolean; line: string } {
  const perS = rate(r.latencies.length, r.seconds);
  const p99 = percentile(r.latencies, 99);
  const ok = r.errors === 0 && perS >= TARGET_ACCEPTS_PER_S && p99 < TARGET_ACCEPT_P99_MS;
  return {
    ok,
    line:
      `  ${label}: ${fmt(perS)} accepted/s, p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, ` +
      `${r.errors} errors${r.firstError ? ` (first: ${r.firstError})` : ''} ` +
      `[target >= ${TARGET_ACCEPTS_PER_S}/s, p99 < ${TARGET_ACCEPT_P99_MS} ms: ${ok ? 'yes' : 'NO'}]`,
  };
}

/** What the mailbox's sync stored against what was delivered: nothing lost, nothing twice, counters that add up. */
async function checkMail(h: Harness, connectionId: number, delivered: { messageId: string; kind: Kind }[]): Promise<{ ok: boolean; line: string }> {
  const expected = delivered.filter((d) => d.kind === 'customer').map((d) => d.messageId);
  const skipped = delivered.filter((d) => d.kind !== 'customer').map((d) => d.messageId);
  const inChunks = async (ids: string[]) => {
    let rows = 0;
    let distinct = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const [r] = await h.db
        .select({ rows: count(), distinct: countDistinct(activities.emailMessageId) })
        .from(activities)
        .where(inArray(activities.emailMessageId, ids.slice(i, i + 500)));
      rows += r?.rows ?? 0;
      distinct += r?.distinct ?? 0;
    }
    return { rows, distinct };
  };
  const stored = await inChunks(expected);
  const wrongly = await inChunks(skipped);
  const [c] = await h.db.select().from(emailConnections).where(eq(emailConnections.id, connectionId));
  const lost = expected.length - stored.distinct;
  const duplicated = stored.rows - stored.distinct;
  const countersOk = c?.messagesSeen === delivered.length && c.messagesStored === expected.length && c.messagesFailed === 0;
  const ok = lost === 0 && duplicated === 0 && wrongly.rows === 0 && countersOk;
  return {
    ok,
    line:
      `  check: ${fmt(stored.distinct)} of ${fmt(expected.length)} customer emails stored, ${lost} lost, ${duplicated} duplicated, ` +
      `${wrongly.rows} internal/unmatched stored; counters seen ${c?.messagesSeen} stored ${c?.messagesStored} failed ${c?.messagesFailed} ` +
      `(skipped ${c?.skippedInternal} internal, ${c?.skippedUnmatched} unmatched) [${ok ? 'ok' : 'NOT OK'}]`,
  };
}

async function processLine(h: Harness, total: number): Promise<{ ok: boolean; line: string; jobs: number }> {
  const started = performance.now();
  const jobs = await drain(h);
  const seconds = (performance.now() - started) / 1000;
  const perS = rate(total, seconds);
  const ok = perS >= TARGET_MESSAGES_PER_S;
  return {
    ok,
    jobs,
    line: `  processing by one worker: ${fmt(total)} messages in ${seconds.toFixed(2)} s = ${fmt(perS)} messages/s, ${jobs} sync jobs [target >= ${TARGET_MESSAGES_PER_S}/s: ${ok ? 'yes' : 'NO'}]`,
  };
}

async function storedEvents(h: Harness, connectionId: number): Promise<number> {
  const [r] = await h.db.select({ n: count() }).from(webhookEvents).where(eq(webhookEvents.connectionId, connectionId));
  return r?.n ?? 0;
}

async function benchGmail(h: Harness, o: CaptureBenchOptions): Promise<boolean> {
  console.log(`\nGmail: ${fmt(o.messages)} messages, one Pub/Sub push each, ${o.concurrency} concurrent senders (fake Google).`);
  const mailbox = `gmail.rep@${ORG}`;
  const tokens = h.google.issueTokens(mailbox);
  const connection = await connectGoogleMailbox(
    { db: h.db, env: h.env, log: silent, now: new Date() },
    h.repId,
    { access_token: tokens.accessToken, refresh_token: tokens.refreshToken, expiry_date: Date.now() + 3_600_000 },
  );
  await drain(h); // the first sync: an empty mailbox, and the history cursor stored
  const run = randomBytes(3).toString('hex');
  const delivered = Array.from({ length: o.messages }, (_, i) => {
    const messageId = `<bench-${run}-${i}@mail.bench.test>`;
    const m = h.google.deliver(mailbox, { from: senderOf(h, i), to: mailbox, subject: `Bench ${i}`, snippet: 'Bench message', messageId });
    return { messageId, historyId: m.historyId, kind: kindOf(i) };
  });
  const bearer = h.google.signIdToken({ aud: PUSH_AUDIENCE, email: PUSH_ACCOUNT, email_verified: true });
  const accepts = await runScenario('gmail pushes', o.messages, o.concurrency, async (i) => {
    const res = await fetch(`${h.baseUrl}/webhooks/gmail`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify(gmailPushBody(mailbox, delivered[i]!.historyId, `bench-push-${i}`)),
    });
    await res.arrayBuffer();
    if (res.status !== 204) throw new Error(`POST /webhooks/gmail answered ${res.status}`);
  });
  const accept = acceptLine('POST /webhooks/gmail (verified, stored, sync queued)', accepts);
  console.log(accept.line);
  const events = await storedEvents(h, connection.id);
  console.log(`  ${fmt(events)} webhook events stored for ${fmt(o.messages)} pushes [${events === o.messages ? 'ok' : 'NOT OK'}]`);
  const processed = await processLine(h, o.messages);
  console.log(processed.line);
  const check = await checkMail(h, connection.id, delivered);
  console.log(check.line);
  return accept.ok && events === o.messages && processed.ok && check.ok;
}

async function benchOutlook(h: Harness, o: CaptureBenchOptions): Promise<boolean> {
  console.log(`\nOutlook: ${fmt(o.messages)} messages, one Graph notification each, ${o.concurrency} concurrent senders (fake Microsoft).`);
  const mailbox = `outlook.rep@${ORG}`;
  const tokens = h.microsoft.issueTokens(mailbox);
  const connection = await connectMicrosoftMailbox(
    { db: h.db, env: h.env, log: silent, now: new Date() },
    h.repId,
    { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: new Date(Date.now() + 3_600_000) },
  );
  const inbox = h.microsoft.subscriptions(mailbox).find((s) => s.resource === "me/mailFolders('Inbox')/messages");
  if (!inbox) {
    console.log('  no Graph subscription was created: push is off, nothing to bench [NOT OK]');
    return false;
  }
  await drain(h); // the first sync: empty folders and calendar, the delta links stored
  const delivered = Array.from({ length: o.messages }, (_, i) => {
    const m = h.microsoft.deliver(mailbox, { from: senderOf(h, i), to: mailbox, subject: `Bench ${i}`, bodyPreview: 'Bench message' });
    return { id: m.id, messageId: m.internetMessageId, kind: kindOf(i) };
  });
  const accepts = await runScenario('graph notifications', o.messages, o.concurrency, async (i) => {
    const res = await h.microsoft.notify(inbox, delivered[i]!.id);
    await res.arrayBuffer();
    if (res.status !== 202) throw new Error(`POST /webhooks/outlook answered ${res.status}`);
  });
  const accept = acceptLine('POST /webhooks/outlook (clientState checked, stored, sync queued)', accepts);
  console.log(accept.line);
  const events = await storedEvents(h, connection.id);
  console.log(`  ${fmt(events)} webhook events stored for ${fmt(o.messages)} notifications [${events === o.messages ? 'ok' : 'NOT OK'}]`);
  const processed = await processLine(h, o.messages);
  console.log(processed.line.replace('processing by one worker', 'delta capture by one worker'));
  const check = await checkMail(h, connection.id, delivered);
  console.log(check.line);
  return accept.ok && events === o.messages && processed.ok && check.ok;
}

/** Meetings stored for a connection: one per customer event, none for the internal ones. */
async function meetingsOf(h: Harness, connectionId: number): Promise<{ rows: number; distinct: number }> {
  const [r] = await h.db
    .select({ rows: count(), distinct: countDistinct(activities.calendarEventKey) })
    .from(activities)
    .where(and(eq(activities.type, 'meeting'), eq(activities.captureConnectionId, connectionId)));
  return { rows: r?.rows ?? 0, distinct: r?.distinct ?? 0 };
}

async function benchCalendar(h: Harness, o: CaptureBenchOptions): Promise<boolean> {
  console.log(`\nCalendars: ${fmt(o.events)} events per calendar, 8 in 10 with a customer attendee, synced by one worker.`);
  const now = Date.now();
  const startOf = (i: number) => new Date(now + ((i % 60) - 20) * 86_400_000 + (i % 9) * 3_600_000);
  const session = { db: h.db, env: h.env, log: silent, now: new Date() };
  type Calendar = { connectionId: number; add: (i: number, attendee: string) => void };
  const calendars: { label: string; setup: () => Promise<Calendar> }[] = [
    {
      label: 'Google Calendar (sync token)',
      async setup() {
        const mailbox = `gcal.rep@${ORG}`;
        const t = h.google.issueTokens(mailbox);
        const c = await connectGoogleMailbox(session, h.repId, { access_token: t.accessToken, refresh_token: t.refreshToken, expiry_date: Date.now() + 3_600_000 });
        return {
          connectionId: c.id,
          add: (i, attendee) =>
            void h.google.addCalendarEvent(mailbox, { summary: `Bench meeting ${i}`, organizer: mailbox, attendees: [attendee], start: startOf(i), description: '<p>Agenda</p>' }),
        };
      },
    },
    {
      label: 'Outlook calendar (calendarView delta)',
      async setup() {
        const mailbox = `ocal.rep@${ORG}`;
        const t = h.microsoft.issueTokens(mailbox);
        const c = await connectMicrosoftMailbox(session, h.repId, { accessToken: t.accessToken, refreshToken: t.refreshToken, expiresAt: new Date(Date.now() + 3_600_000) });
        return {
          connectionId: c.id,
          add: (i, attendee) =>
            void h.microsoft.addEvent(mailbox, { subject: `Bench meeting ${i}`, organizer: mailbox, attendees: [attendee], start: startOf(i), bodyPreview: 'Agenda' }),
        };
      },
    },
  ];
  let ok = true;
  for (const calendar of calendars) {
    const { connectionId, add } = await calendar.setup();
    await drain(h); // the first sync: an empty calendar, its cursor stored
    let expected = 0;
    for (let i = 0; i < o.events; i += 1) {
      const customer = i % 5 !== 4;
      if (customer) expected += 1;
      add(i, customer ? h.contacts[i % h.contacts.length]! : `colleague${i % 5}@${ORG}`);
    }
    const [row] = await h.db.select().from(emailConnections).where(eq(emailConnections.id, connectionId));
    await requestSync(h.db, row!, new Date());
    const started = performance.now();
    const jobs = await drain(h);
    const seconds = (performance.now() - started) / 1000;
    const stored = await meetingsOf(h, connectionId);
    const good = stored.distinct === expected && stored.rows === stored.distinct;
    ok &&= good;
    console.log(
      `  ${calendar.label}: ${fmt(o.events)} events in ${seconds.toFixed(2)} s = ${fmt(rate(o.events, seconds))} events/s, ${jobs} sync jobs; ` +
        `${fmt(stored.distinct)} of ${fmt(expected)} meetings stored, ${stored.rows - stored.distinct} duplicated [${good ? 'ok' : 'NOT OK'}]`,
    );
  }
  return ok;
}

/** Runs the chosen capture sections on one fresh scratch database; false when a check or a target fails. */
export async function benchCapture(sections: readonly CaptureSection[], options: CaptureBenchOptions): Promise<boolean> {
  const where = new URL(options.databaseUrl);
  console.log(`Capture bench on ${where.host}${where.pathname} (created afresh, dropped at the end): ${sections.join(', ')}.`);
  const h = await startHarness(options.databaseUrl);
  let ok = true;
  try {
    if (sections.includes('gmail')) ok = (await benchGmail(h, options)) && ok;
    if (sections.includes('outlook')) ok = (await benchOutlook(h, options)) && ok;
    if (sections.includes('calendar')) ok = (await benchCalendar(h, options)) && ok;
  } finally {
    await h.close();
    await freshDatabase(options.databaseUrl, false);
  }
  console.log(`\nCapture bench: ${ok ? 'every check and target met' : 'a check or a target was missed (see NOT OK / NO above)'}.`);
  return ok;
}
