// How a playbook email send's status reads on the screens (email_sends.status, drizzle/schema/automationEmail.ts).
import type { Tone } from '../Badge';

export const emailStatusLabel: Record<string, string> = {
  queued: 'Email retrying',
  sent: 'Email sent',
  failed: 'Email failed',
  bounced: 'Email bounced',
  suppressed: 'Email skipped',
  limited: 'Email waiting',
  task: 'Email as a task',
};
export const emailStatusTone: Record<string, Tone> = {
  queued: 'warning',
  sent: 'success',
  failed: 'danger',
  bounced: 'danger',
  suppressed: 'neutral',
  limited: 'warning',
  task: 'info',
};
