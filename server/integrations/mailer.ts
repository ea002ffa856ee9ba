// Outgoing mail over SMTP with nodemailer. Without SMTP_URL there is no mailer: mail stays in the app's
// inbox, and Settings says so. Options ride in the URL as nodemailer reads them (smtp://host:25?ignoreTLS=true).
import { createTransport } from 'nodemailer';
import type { Env } from '../env';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: { filename: string; content: string | Buffer; contentType?: string }[];
  /** Another From than MAIL_FROM (a playbook email as its owner); bounces still return to MAIL_FROM's address. */
  from?: string;
  replyTo?: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the message id when the server accepted the message; throws when it did not. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
}

/** A transport never times out by itself on a server that stops answering: a job must not hang on one. */
const TIMEOUT_MS = 20_000;

const mailers = new Map<string, Mailer>();

export function mailerFor(env: Pick<Env, 'mail'>): Mailer | null {
  const { smtpUrl, from } = env.mail;
  if (!smtpUrl) return null;
  const key = `${smtpUrl}\n${from}`;
  let mailer = mailers.get(key);
  if (!mailer) {
    const transport = createTransport({ url: smtpUrl, connectionTimeout: TIMEOUT_MS, greetingTimeout: TIMEOUT_MS, socketTimeout: TIMEOUT_MS });
    mailer = {
      async send(mail) {
        const envelope = mail.from ? { from: /<([^>]+)>/.exec(from)?.[1] ?? from, to: mail.to } : undefined;
        const info = await transport.sendMail({ ...mail, from: mail.from ?? from, envelope });
        return { messageId: info.messageId };
      },
    };
    mailers.set(key, mailer);
  }
  return mailer;
}
