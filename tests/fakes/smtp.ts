// A local SMTP server of our own (smtp-server) on an ephemeral port: what nodemailer sends lands in
// `received`. `refusing` makes it turn every message away, as a server that is down would; an address in
// `refusingRecipients` is turned away alone (a full mailbox, 450: try again), the rest delivered; one in
// `bouncingRecipients` is refused for good (550: no such user), as a bounce.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string[];
  from: string;
  raw: string;
}

export interface FakeSmtp {
  url: string;
  received: ReceivedMail[];
  refusing: boolean;
  refusingRecipients: Set<string>;
  bouncingRecipients: Set<string>;
  close(): Promise<void>;
}

export async function startFakeSmtp(): Promise<FakeSmtp> {
  const fake: FakeSmtp = { url: '', received: [], refusing: false, refusingRecipients: new Set(), bouncingRecipients: new Set(), close: async () => {} };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onConnect(_session, callback) {
      if (fake.refusing) {
        const error = new Error('Service not available') as Error & { responseCode: number };
        error.responseCode = 421;
        callback(error);
        return;
      }
      callback();
    },
    onRcptTo(address, _session, callback) {
      if (fake.bouncingRecipients.has(address.address)) {
        const error = new Error('5.1.1 No such user here') as Error & { responseCode: number };
        error.responseCode = 550;
        callback(error);
        return;
      }
      if (fake.refusingRecipients.has(address.address)) {
        const error = new Error('Mailbox unavailable, try again later') as Error & { responseCode: number };
        error.responseCode = 450;
        callback(error);
        return;
      }
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        fake.received.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  fake.url = `smtp://127.0.0.1:${port}?ignoreTLS=true`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}

function qpDecode(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, h: string) => `%${h}`);
  try {
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  } catch {
    return bytes;
  }
}

/** The subject and the decoded text of a received message, for assertions (enough for what nodemailer writes). */
export function readMail(mail: ReceivedMail): { subject: string; body: string } {
  const [head = '', ...rest] = mail.raw.split(/\r?\n\r?\n/);
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const rawSubject = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = rawSubject
    .replace(/=\?UTF-8\?Q\?(.*?)\?=\s*/gi, (_m, q: string) => qpDecode(q.replace(/_/g, ' ')))
    .replace(/=\?UTF-8\?B\?(.*?)\?=\s*/gi, (_m, b: string) => Buffer.from(b, 'base64').toString('utf8'));
  const bodyRaw = rest.join('\n\n');
  const body = /Content-Transfer-Encoding: base64/i.test(mail.raw)
    ? bodyRaw.replace(/^([A-Za-z0-9+/=\r\n]{40,})$/gm, (b) => Buffer.from(b.replace(/\s/g, ''), 'base64').toString('utf8'))
    : bodyRaw;
  return { subject, body: qpDecode(body) };
}
