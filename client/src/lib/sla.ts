// How a case stands against its SLA, for display: the rule is shared/caseSla.ts (the scan uses it too).
import { type SlaState, slaState as slaStateAt } from '../../../shared/caseSla';

export type { SlaState };

export function slaState(c: Parameters<typeof slaStateAt>[0], now = new Date()): SlaState {
  return slaStateAt(c, now);
}

export const slaClass: Record<SlaState, string> = {
  closed: 'muted-text',
  breached: 'text-danger',
  atRisk: 'text-warning',
  onTrack: '',
};
