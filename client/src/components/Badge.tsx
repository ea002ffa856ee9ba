import type { ReactNode } from 'react';

export type Tone = 'neutral' | 'accent' | 'success' | 'warning' | 'danger' | 'info';

export function Badge({ tone = 'neutral', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span className={`badge badge--${tone}`} title={title}>
      {children}
    </span>
  );
}

// One place that knows which status reads as good, bad or in progress.
const tones: Record<string, Tone> = {
  // leads
  New: 'info',
  Working: 'accent',
  Nurture: 'neutral',
  Qualified: 'success',
  Unqualified: 'neutral',
  Converted: 'success',
  // projects
  'Not Started': 'neutral',
  'In Progress': 'accent',
  'On Hold': 'warning',
  Completed: 'success',
  Cancelled: 'neutral',
  Blocked: 'danger',
  // health
  Healthy: 'success',
  'At Risk': 'warning',
  Critical: 'danger',
  // cases
  'Waiting on Customer': 'warning',
  Escalated: 'danger',
  Closed: 'neutral',
  Low: 'neutral',
  Medium: 'info',
  High: 'warning',
  Urgent: 'danger',
  // opportunity stages (open ones read as in progress)
  Prospecting: 'neutral',
  Discovery: 'accent',
  'Solution/Demo': 'accent',
  'PoC/Trial': 'accent',
  'Security Review': 'accent',
  Proposal: 'accent',
  Negotiation: 'accent',
  'Closed Won': 'success',
  'Closed Lost': 'danger',
  // roles
  admin: 'danger',
  manager: 'accent',
  rep: 'info',
  csm: 'success',
};

export function StatusBadge({ value }: { value: string | null | undefined }) {
  if (!value) return <span className="muted-text">—</span>;
  return <Badge tone={tones[value] ?? 'neutral'}>{value}</Badge>;
}
