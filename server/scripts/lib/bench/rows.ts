// Row tuples of the bench tables, generated lazily from the plan (see plan.ts) as SQL VALUES text.
// Each table has its own seeded generator, so the data is the same every run whatever the load order.
import { accounts, activities, contacts, opportunities, opportunityStageHistory } from '../../../../drizzle/schema';
import type { ActivityType } from '../../../../shared/enums';
import { stageDefaults, stages } from '../../../../shared/stages';
import { createRandom, type Random } from '../../../domain/random';
import type { TableLoad } from '../bulkLoader';
import { batched } from '../bulkLoader';
import { activityBody, activitySubject, activityTypeWeights, fill } from '../../../services/demo/sampleData/activities';
import { industries, verticalsOfIndustry, securityPostureOf } from '../../../services/demo/sampleData/companies';
import { competitors, dealInitiatives, lossReasons, meddicNotes, nextStepsOfStage, stagePath } from '../../../services/demo/sampleData/deals';
import { contactRoles, emailLocalPart, fictionalPhone, titlesOfRole } from '../../../services/demo/sampleData/people';
import { insertPrefix, sqlCents, sqlDay, sqlString, sqlTime } from '../sqlValues';
import { companyName, personName } from './names';
import { type BenchPlan, DAY, isClosedStage, workHours } from './plan';

export interface BenchOwner {
  id: string;
  name: string;
  email: string;
}

const regionWeights = [
  ['North America', 50],
  ['EMEA', 30],
  ['APAC', 15],
  ['LATAM', 5],
] as const;

const q = sqlString;

/** Deal names: the account's name and what the deal is for. */
const dealName = (plan: BenchPlan, o: number) =>
  `${companyName(plan.oppAccount[o]!).name} – ${dealInitiatives[plan.oppInitiative[o]! % dealInitiatives.length]}`;

export function benchTables(plan: BenchPlan, owners: BenchOwner[], seed: number, batchSize: number): TableLoad[] {
  const ownerIds = owners.map((o) => q(o.id));
  const rngFor = (n: number) => createRandom(seed * 31 + n);
  return [
    { name: 'accounts', prefix: accountsPrefix, batches: batched(accountRows(plan, ownerIds, rngFor(1)), batchSize) },
    { name: 'contacts', prefix: contactsPrefix, batches: batched(contactRows(plan, ownerIds, rngFor(2)), batchSize) },
    { name: 'opportunities', prefix: opportunitiesPrefix, batches: batched(opportunityRows(plan, ownerIds, rngFor(3)), batchSize) },
    { name: 'opportunity_stage_history', prefix: historyPrefix, batches: batched(historyRows(plan, ownerIds, rngFor(4)), batchSize) },
    { name: 'activities', prefix: activitiesPrefix, batches: batched(activityRows(plan, owners, rngFor(5)), batchSize) },
  ];
}

const accountsPrefix = insertPrefix(accounts, [
  'id', 'accountName', 'industry', 'region', 'vertical', 'securityPosture', 'website', 'domain', 'parentAccountId', 'ownerId',
  'lastActivityAt', 'createdAt', 'updatedAt',
]);

function* accountRows(plan: BenchPlan, ownerIds: string[], rng: Random): Generator<string> {
  for (let a = 0; a < plan.sizes.accounts; a += 1) {
    const { name, domain } = companyName(a);
    const industry = rng.pick(industries);
    const created = plan.accountCreated[a]!;
    const parent = plan.accountParent[a]!;
    const values = [
      a + 1,
      q(name),
      q(industry),
      q(rng.weighted(regionWeights)),
      q(rng.pick(verticalsOfIndustry[industry] ?? ['General'])),
      `'${securityPostureOf(industry)}'`,
      `'https://www.${domain}'`,
      `'${domain}'`,
      parent || 'NULL',
      ownerIds[plan.accountOwner[a]!],
      sqlTime(plan.lastActivity.account[a]!),
      sqlTime(created),
      sqlTime(created),
    ];
    yield `(${values.join(',')})`;
  }
}

const contactsPrefix = insertPrefix(contacts, [
  'id', 'firstName', 'lastName', 'email', 'phone', 'title', 'role', 'accountId', 'ownerId', 'lastActivityAt', 'createdAt', 'updatedAt',
]);

/** A contact's email address: unique by construction (the id is in it). */
export function contactEmail(plan: BenchPlan, c: number, a: number): string {
  const { firstName, lastName } = personName(c + 1);
  return `${emailLocalPart(firstName, lastName)}.${c + 1}@${companyName(a).domain}`;
}

function* contactRows(plan: BenchPlan, ownerIds: string[], rng: Random): Generator<string> {
  for (let a = 0; a < plan.sizes.accounts; a += 1) {
    for (let c = plan.contactStart[a]!, k = 0; c < plan.contactStart[a + 1]!; c += 1, k += 1) {
      const { firstName, lastName } = personName(c + 1);
      const role = contactRoles[Math.min(k, contactRoles.length - 1)]!;
      const created = plan.contactCreated[c]!;
      const values = [
        c + 1,
        q(firstName),
        q(lastName),
        q(contactEmail(plan, c, a)),
        `'${fictionalPhone(c)}'`,
        q(rng.pick(titlesOfRole[role])),
        `'${role}'`,
        a + 1,
        ownerIds[plan.accountOwner[a]!],
        sqlTime(plan.lastActivity.contact[c]!),
        sqlTime(created),
        sqlTime(created),
      ];
      yield `(${values.join(',')})`;
    }
  }
}

const opportunitiesPrefix = insertPrefix(opportunities, [
  'id', 'opportunityName', 'accountId', 'stage', 'amount', 'closeDate', 'probability', 'forecastCategory', 'nextStep', 'nextStepDate',
  'economicBuyerContactId', 'championContactId', 'metrics', 'identifiedPain', 'competitor', 'lossReason', 'pushCount',
  'stageEnteredAt', 'closedAt', 'ownerId', 'lastActivityAt', 'createdAt', 'updatedAt',
]);

function* opportunityRows(plan: BenchPlan, ownerIds: string[], rng: Random): Generator<string> {
  const today = Math.floor(plan.now / DAY);
  for (let o = 0; o < plan.sizes.opportunities; o += 1) {
    const a = plan.oppAccount[o]!;
    const stageIndex = plan.oppStage[o]!;
    const stage = stages[stageIndex]!;
    const closed = isClosedStage(stageIndex);
    const { probability, forecastCategory } = stageDefaults[stage];
    const firstContact = plan.contactStart[a]!;
    const contactCount = plan.contactStart[a + 1]! - firstContact;
    const mature = stageIndex >= 3 && stage !== 'Closed Lost';
    const nextStep = !closed && rng.chance(0.85) ? rng.pick(nextStepsOfStage[stage]) : null;
    const lossReason = stage === 'Closed Lost' ? rng.pick(lossReasons) : null;
    const competitor = lossReason === 'Lost to competitor' || rng.chance(0.3) ? rng.pick(competitors) : null;
    const values = [
      o + 1,
      q(dealName(plan, o)),
      a + 1,
      `'${stage}'`,
      sqlCents(plan.oppAmountCents[o]!),
      sqlDay(plan.oppCloseDay[o]!),
      probability,
      `'${forecastCategory}'`,
      q(nextStep),
      nextStep && rng.chance(0.8) ? sqlDay(today + rng.int(-10, 21)) : 'NULL',
      // The account's first contact is its economic buyer, the second its champion.
      mature && contactCount > 0 ? firstContact + 1 : 'NULL',
      stageIndex >= 2 && contactCount > 1 ? firstContact + 2 : 'NULL',
      stageIndex >= 2 && rng.chance(0.7) ? q(rng.pick(meddicNotes.metrics)) : 'NULL',
      stageIndex >= 1 && rng.chance(0.8) ? q(rng.pick(meddicNotes.identifiedPain)) : 'NULL',
      q(competitor),
      q(lossReason),
      plan.oppPushCount[o],
      sqlTime(plan.oppStageEntered[o]!),
      sqlTime(plan.oppClosed[o]!),
      ownerIds[plan.oppOwner[o]!],
      sqlTime(plan.lastActivity.opportunity[o]!),
      sqlTime(plan.oppCreated[o]!),
      sqlTime(plan.oppStageEntered[o]!),
    ];
    yield `(${values.join(',')})`;
  }
}

const historyPrefix = insertPrefix(opportunityStageHistory, [
  'id', 'opportunityId', 'fromStage', 'fromStageEnteredAt', 'toStage', 'amount', 'closeDate', 'changedById', 'changedAt', 'createdAt', 'updatedAt',
]);

function* historyRows(plan: BenchPlan, ownerIds: string[], rng: Random): Generator<string> {
  let id = 0;
  for (let o = 0; o < plan.sizes.opportunities; o += 1) {
    const path = stagePath(rng, stages[plan.oppStage[o]!]!);
    const from = plan.oppCreated[o]!;
    const to = plan.oppStageEntered[o]!;
    const amount = sqlCents(plan.oppAmountCents[o]!);
    const closeDay = plan.oppCloseDay[o]!;
    const pushes = plan.oppPushCount[o]!;
    const owner = ownerIds[plan.oppOwner[o]!];
    // Times in order from creation to entering the current stage; pushed deals had an earlier close date.
    const times = path.map((_, i) => (i === 0 ? from : i === path.length - 1 ? to : from + rng.next() * (to - from))).sort((x, y) => x - y);
    for (let i = 0; i < path.length; i += 1) {
      id += 1;
      const at = sqlTime(times[i]!);
      const day = pushes > 0 && i < Math.ceil(path.length / 2) ? closeDay - 30 * pushes : closeDay;
      const entered = i === 0 ? 'NULL' : sqlTime(times[i - 1]!);
      yield `(${id},${o + 1},${i === 0 ? 'NULL' : `'${path[i - 1]}'`},${entered},'${path[i]}',${amount},${sqlDay(day)},${owner},${at},${at},${at})`;
    }
  }
}

const activitiesPrefix = insertPrefix(activities, [
  'id', 'type', 'subject', 'body', 'occurredAt', 'dueAt', 'completedAt', 'direction', 'relatedToType', 'relatedToId', 'accountId',
  'emailMessageId', 'provider', 'participants', 'ownerId', 'createdAt', 'updatedAt',
]);

const notTasks = activityTypeWeights.filter(([type]) => type !== 'task');

/**
 * Activities record by record, account by account (the account's own, its contacts', its deals'): each
 * record's latest activity is at its planned lastActivity time, the others earlier in its window.
 */
function* activityRows(plan: BenchPlan, owners: BenchOwner[], rng: Random): Generator<string> {
  const ownerIds = owners.map((o) => q(o.id));
  const ownerJson = owners.map((o) => JSON.stringify({ email: o.email, name: o.name }).slice(0, -1));
  let id = 0;
  function* record(
    type: 'account' | 'contact' | 'opportunity',
    recordId: number,
    accountId: number,
    owner: number,
    count: number,
    from: number,
    last: number,
    vars: Record<string, string | undefined>,
    person: { name: string; email: string } | null,
  ): Generator<string> {
    const them = person ? JSON.stringify(person).slice(0, -1) : '';
    const theirDomain = person ? person.email.slice(person.email.indexOf('@') + 1) : '';
    const ourDomain = owners[owner]!.email.slice(owners[owner]!.email.indexOf('@') + 1);
    for (let k = 0; k < count; k += 1) {
      id += 1;
      const kind: ActivityType = rng.weighted(k === 0 ? notTasks : activityTypeWeights);
      const occurred = k === 0 ? last : from + rng.next() * (last - from);
      const direction = kind === 'email' ? (rng.chance(0.4) ? 'inbound' : 'outbound') : kind === 'call' ? (rng.chance(0.85) ? 'outbound' : 'inbound') : null;
      let due = Number.NaN;
      let completed = Number.NaN;
      if (kind === 'task') {
        due = workHours(rng, occurred + rng.int(1, 14) * DAY);
        // Done before the record's latest activity, or still open (some of those overdue).
        if (due < last && rng.chance(0.7)) completed = occurred + rng.next() * (Math.min(due, last) - occurred);
      }
      const subject = fill(activitySubject(rng, kind, type, direction), vars);
      const body = kind !== 'task' && rng.chance(0.5) ? activityBody(rng, kind) : null;
      const captured = kind === 'email' && person !== null && rng.chance(0.7);
      let participants = 'NULL';
      if (person && (kind === 'email' || kind === 'meeting')) {
        const roles = kind === 'meeting' ? ['attendee', 'attendee'] : direction === 'outbound' ? ['from', 'to'] : ['to', 'from'];
        participants = q(`[${ownerJson[owner]},"role":"${roles[0]}"},${them},"role":"${roles[1]}"}]`);
      }
      const messageId = captured ? `'<${String(id).padStart(10, '0')}.${rng.int(0, 0xffffff).toString(16)}@${direction === 'outbound' ? ourDomain : theirDomain}>'` : 'NULL';
      const created = sqlTime(occurred);
      const values = [
        id,
        `'${kind}'`,
        q(subject),
        q(body),
        created,
        sqlTime(due),
        sqlTime(completed),
        direction ? `'${direction}'` : 'NULL',
        `'${type}'`,
        recordId,
        accountId,
        messageId,
        captured ? (rng.chance(0.6) ? "'google'" : "'microsoft'") : 'NULL',
        participants,
        ownerIds[owner],
        created,
        Number.isNaN(completed) ? created : sqlTime(completed),
      ];
      yield `(${values.join(',')})`;
    }
  }
  const { activityCounts: counts, lastActivity } = plan;
  for (let a = 0; a < plan.sizes.accounts; a += 1) {
    const account = companyName(a).name;
    const firstContact = plan.contactStart[a]!;
    const lastContact = plan.contactStart[a + 1]!;
    const personOf = (c: number) => {
      const { firstName, lastName } = personName(c + 1);
      return { name: `${firstName} ${lastName}`, email: contactEmail(plan, c, a) };
    };
    const main = lastContact > firstContact ? personOf(firstContact) : null;
    const owner = plan.accountOwner[a]!;
    if (counts.account[a]! > 0) {
      yield* record('account', a + 1, a + 1, owner, counts.account[a]!, plan.accountCreated[a]!, plan.lastOwnAccountActivity[a]!, { account, contact: main?.name.split(' ')[0] }, main);
    }
    for (let c = firstContact; c < lastContact; c += 1) {
      if (counts.contact[c] === 0) continue;
      const person = personOf(c);
      yield* record('contact', c + 1, a + 1, owner, counts.contact[c]!, plan.contactCreated[c]!, lastActivity.contact[c]!, { account, contact: person.name.split(' ')[0]! }, person);
    }
    for (let o = plan.oppStart[a]!; o < plan.oppStart[a + 1]!; o += 1) {
      if (counts.opportunity[o] === 0) continue;
      yield* record('opportunity', o + 1, a + 1, plan.oppOwner[o]!, counts.opportunity[o]!, plan.oppCreated[o]!, lastActivity.opportunity[o]!, { account, deal: dealName(plan, o), contact: main?.name.split(' ')[0] }, main);
    }
  }
}
