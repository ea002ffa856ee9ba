// How the campaign and attribution screens write a return and a touch's kind.
import type { TouchKind } from '../../../../shared/schemas/attribution';

/** 4 -> "+400%", -0.5 -> "−50%", null (it cost nothing) -> "—". */
export function formatReturn(roi: number | null): string {
  if (roi === null) return '—';
  const pct = Math.round(roi * 100);
  return `${pct > 0 ? '+' : pct < 0 ? '−' : ''}${Math.abs(pct).toLocaleString('en')}%`;
}

export const touchKindLabels: Record<TouchKind | 'unattributed', string> = {
  source: 'Lead source',
  campaign: 'Campaign',
  playbook: 'Playbook',
  unattributed: 'Unattributed',
};
