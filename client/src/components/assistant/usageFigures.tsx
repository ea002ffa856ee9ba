// The figures of one prompt version (or one arm of an experiment), as table cells and as labelled rows.
import { formatNumber } from '../../lib/format';
import type { RouterOutputs } from '../../trpc';

export type UsageFigures = RouterOutputs['ai']['prompts']['list'][number]['versions'][number]['usage'];

export const usageColumns: { label: string; value: (u: UsageFigures) => string }[] = [
  { label: 'Calls', value: (u) => formatNumber(u.calls) },
  { label: 'Errors', value: (u) => formatNumber(u.errors) },
  { label: 'Stopped', value: (u) => formatNumber(u.cancelled) },
  { label: 'Tokens in', value: (u) => formatNumber(u.inputTokens) },
  { label: 'Tokens out', value: (u) => formatNumber(u.outputTokens) },
  { label: 'Avg latency', value: (u) => (u.calls === 0 ? '—' : `${(u.averageLatencyMs / 1000).toFixed(1)} s`) },
  { label: 'Helpful', value: (u) => formatNumber(u.thumbsUp) },
  { label: 'Not helpful', value: (u) => formatNumber(u.thumbsDown) },
];

/** The same figures in fewer columns, for the versions table beside each version's name and note. */
export const compactUsageColumns: { label: string; value: (u: UsageFigures) => string }[] = [
  { label: 'Calls', value: (u) => formatNumber(u.calls) },
  { label: 'Errors / stopped', value: (u) => `${formatNumber(u.errors)} / ${formatNumber(u.cancelled)}` },
  { label: 'Tokens in → out', value: (u) => `${formatNumber(u.inputTokens)} → ${formatNumber(u.outputTokens)}` },
  { label: 'Avg latency', value: (u) => (u.calls === 0 ? '—' : `${(u.averageLatencyMs / 1000).toFixed(1)} s`) },
  { label: 'Helpful / not', value: (u) => `${formatNumber(u.thumbsUp)} / ${formatNumber(u.thumbsDown)}` },
];
