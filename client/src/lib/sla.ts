// How a case stands against its SLA, for display (mirrors DOMAIN.md rules 45 and 46; the server scans too).

export type SlaState = 'closed' | 'breached' | 'atRisk' | 'onTrack';

export function slaState(c: { status: string; slaDueAt: Date | string; createdAt: Date | string }, now = new Date()): SlaState {
  if (c.status === 'Closed') return 'closed';
  const due = new Date(c.slaDueAt).getTime();
  const opened = new Date(c.createdAt).getTime();
  const left = due - now.getTime();
  if (left < 0) return 'breached';
  // Less than 20% of the SLA window left.
  if (due > opened && left < 0.2 * (due - opened)) return 'atRisk';
  return 'onTrack';
}

export const slaClass: Record<SlaState, string> = {
  closed: 'muted-text',
  breached: 'text-danger',
  atRisk: 'text-warning',
  onTrack: '',
};
