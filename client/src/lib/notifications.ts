// Where a notification leads, and how its kind is named, for the bell and the inbox.
import type { NotificationKind, NotificationRecordType } from '../../../shared/schemas/notifications';
import { recordPath } from './records';

export const notificationKindLabels: Record<NotificationKind, string> = {
  assignment: 'Assigned to you',
  caseSla: 'Case SLA',
  projectHealth: 'Project health',
  deadJob: 'Failed job',
  emailConnection: 'Email connection',
  digest: 'Digest',
  playbook: 'Playbook',
  report: 'Scheduled report',
};

/** The page a notification links to, or null for one about nothing the app shows. */
export function notificationPath(n: { recordType: NotificationRecordType | null; recordId: number | null }): string | null {
  if (!n.recordType || n.recordId === null) return null;
  if (n.recordType === 'digest') return `/inbox/digests/${n.recordId}`;
  if (n.recordType === 'report') return `/reports/${n.recordId}`;
  return recordPath(n.recordType, n.recordId);
}
