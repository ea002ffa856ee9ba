// Deal or pipeline health 0-100 with its label (Healthy / At risk / Critical), and the deal-health context
// that lets a list or the board fetch the health of all its deals in one request.
import { useQuery } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext } from 'react';
import { type HealthLabel, healthLabel } from '../../../../shared/scoreBands';
import { useTRPC } from '../../trpc';
import type { Tone } from '../Badge';

export const healthTones: Record<HealthLabel, Tone> = { Healthy: 'success', 'At risk': 'warning', Critical: 'danger' };

export function HealthBadge({ score, size = 'md', title }: { score: number | null; size?: 'sm' | 'md' | 'lg'; title?: string }) {
  if (score === null) return <span className="muted-text" title="No open deals">—</span>;
  const label = healthLabel(score);
  return (
    <span className={`health health--${healthTones[label]} health--${size}`} title={title ?? `Health ${score} of 100: ${label}`} data-testid="health-badge">
      <span className="health__score">{score}</span>
      {size !== 'sm' && <span className="health__label">{label}</span>}
    </span>
  );
}

type HealthMap = Record<number, { health: number; open: number }>;
const DealHealthContext = createContext<HealthMap | null>(null);

/** Fetches the health of the given deals once (hygiene.healthOf) for the DealHealth cells inside. */
export function DealHealthProvider({ ids, children }: { ids: number[]; children: ReactNode }) {
  const trpc = useTRPC();
  const unique = [...new Set(ids)].sort((a, b) => a - b).slice(0, 500);
  const query = useQuery({ ...trpc.hygiene.healthOf.queryOptions({ opportunityIds: unique }), enabled: unique.length > 0, placeholderData: (prev) => prev });
  return <DealHealthContext.Provider value={query.data ?? null}>{children}</DealHealthContext.Provider>;
}

export function DealHealth({ id }: { id: number }) {
  const map = useContext(DealHealthContext);
  const entry = map?.[id];
  if (!entry) return <span className="muted-text">…</span>;
  return <HealthBadge score={entry.health} size="sm" title={`Health ${entry.health}: ${healthLabel(entry.health)} · ${entry.open} open result${entry.open === 1 ? '' : 's'}`} />;
}
