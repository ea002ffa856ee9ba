import { Badge, type Tone } from '../Badge';

const labels: Record<string, [string, Tone]> = {
  queued: ['Queued', 'neutral'],
  running: ['Running', 'accent'],
  done: ['Done', 'success'],
  failed: ['Failed', 'danger'],
  cancelled: ['Cancelled', 'warning'],
  undone: ['Undone', 'neutral'],
};

export function ImportStatusBadge({ status }: { status: string }) {
  const [label, tone] = labels[status] ?? [status, 'neutral'];
  return <Badge tone={tone}>{label}</Badge>;
}
