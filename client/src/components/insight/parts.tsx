// Pieces every insight screen shares: a clickable number, the drill-down kept in the URL, whose numbers.
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import type { AnalyticsScope, DealBucket } from '../../../../shared/schemas/analytics';
import type { PeriodKind } from '../../../../shared/periods';
import { formatNumber } from '../../lib/format';
import { isManagerOrAdmin, useSession } from '../../lib/session';
import { FilterSelect } from '../FilterBar';
import { useUsers } from '../OwnerSelect';
import { useTRPC } from '../../trpc';
import { decodeBucket, encodeBucket } from './dealBuckets';

export const dealCount = (n: number) => `${formatNumber(n)} deal${n === 1 ? '' : 's'}`;
export const percent = (rate: number | null) => (rate === null ? '—' : `${Math.round(rate * 100)}%`);

/** A number that opens the deals behind it. */
export function Stat({ label, value, detail, onClick }: { label: string; value: ReactNode; detail?: ReactNode; onClick?: () => void }) {
  return (
    <button type="button" className="insight-stat" onClick={onClick} disabled={!onClick}>
      <span className="insight-stat__label">{label}</span>
      <span className="insight-stat__value">{value}</span>
      {detail && <span className="insight-stat__detail">{detail}</span>}
    </button>
  );
}

/** The drill-down shown (?deals=...), and a setter that keeps the other URL params. */
export function useDealBucket(): [DealBucket | null, (bucket: DealBucket | null) => void] {
  const [params, setParams] = useSearchParams();
  const select = (b: DealBucket | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (b) next.set('deals', encodeBucket(b));
        else next.delete('deals');
        return next;
      },
      { replace: true },
    );
  return [decodeBucket(params.get('deals')), select];
}

/** ?user=team: the whole team's numbers. */
const TEAM = 'team';

/** Whose numbers (?user=id): mine, or for managers and admins anyone's or the team's. */
export function useInsightTarget(): { target: AnalyticsScope; userId: string | null; subjectName: string | undefined } {
  const me = useSession();
  const [params] = useSearchParams();
  const users = useUsers();
  const userId = params.get('user');
  const target: AnalyticsScope =
    userId === TEAM ? { scope: 'team' } : userId && userId !== me.id ? { scope: 'user', userId } : { scope: 'me' };
  const subjectName = userId === TEAM ? (me.role === 'manager' ? 'My team' : 'The team') : userId ? users.data?.find((u) => u.id === userId)?.name : undefined;
  return { target, userId, subjectName };
}

/** ?user=csm: every customer's CSM view; ?user=csm:<id>: one CSM's. */
export const CSM_ALL = 'csm';
export const CSM_PREFIX = 'csm:';

/** `withCsm`: the dashboards also offer the customer-success view (every customer, or one CSM's). */
export function ViewingSelect({ withCsm = false }: { withCsm?: boolean }) {
  const me = useSession();
  const [params, setParams] = useSearchParams();
  const users = useUsers();
  const trpc = useTRPC();
  // A manager's numbers are their own team's: they may open only their reps'.
  const teams = useQuery({ ...trpc.teams.list.queryOptions(), enabled: me.role === 'manager' });
  if (!isManagerOrAdmin(me)) return null;
  const mine = me.role === 'manager' ? new Set((teams.data?.reps ?? []).filter((r) => r.managerId === me.id).map((r) => r.id)) : null;
  const people = (users.data ?? []).filter(
    (u) => u.active && u.id !== me.id && (u.role === 'rep' || u.role === 'manager') && (!mine || mine.has(u.id)),
  );
  const csms = withCsm ? (users.data ?? []).filter((u) => u.active && u.role === 'csm') : [];
  return (
    <FilterSelect
      label="Viewing"
      value={params.get('user') ?? ''}
      onChange={(value) =>
        setParams((prev) => {
          const next = new URLSearchParams(prev);
          next.delete('deals');
          if (value) next.set('user', value);
          else next.delete('user');
          return next;
        })
      }
      options={[
        { value: TEAM, label: me.role === 'manager' ? 'My team' : 'Whole team' },
        ...people.map((u) => ({ value: u.id, label: u.name })),
        ...(withCsm ? [{ value: CSM_ALL, label: 'Customer success (every customer)' }] : []),
        ...csms.map((u) => ({ value: `${CSM_PREFIX}${u.id}`, label: `${u.name} (CSM)` })),
      ]}
      allLabel="Me"
    />
  );
}

/** The period choices of the forecast and quotas screens. */
export const periodKindOptions = [
  { value: 'month', label: 'Month' },
  { value: 'quarter', label: 'Quarter' },
] as const satisfies readonly { value: PeriodKind; label: string }[];
