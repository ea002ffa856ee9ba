// How a digest's outcome reads: its status as a badge, its channels in words.
import { type DeliveryChannel, deliveryChannelLabels, type DigestStatus } from '../../../../shared/schemas/delivery';
import { Badge, type Tone } from '../Badge';

const tones: Record<DigestStatus, Tone> = { Sent: 'success', Skipped: 'neutral', Failed: 'danger', Pending: 'info' };

export function DigestStatusBadge({ status }: { status: DigestStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}

export function channelList(channels: readonly DeliveryChannel[]): string {
  return channels.length === 0 ? '—' : channels.map((c) => deliveryChannelLabels[c]).join(', ');
}
