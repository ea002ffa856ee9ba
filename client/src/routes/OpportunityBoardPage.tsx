// The pipeline as a kanban board: one column per stage, open stages first, each with its count, total and
// weighted total. Move a deal by drag, by its menu or by Shift+arrows; every move passes the stage gate.
// Filters: search, owner, close period and, for a manager, their team. Each column is one bounded list query, batched into one request.
import { useQueries, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { isOpenStage, type Stage, stages } from '../../../shared/stages';
import { ButtonLink } from '../components/Button';
import { FilterBar, FilterSelect } from '../components/FilterBar';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { ErrorState } from '../components/States';
import { BoardColumn } from '../components/opportunities/BoardColumn';
import { DealCard } from '../components/opportunities/DealCard';
import { TeamOnlyToggle } from '../components/opportunities/TeamOnlyToggle';
import { DealHealthProvider } from '../components/hygiene/HealthBadge';
import '../components/hygiene/hygiene.css';
import { sumMoney, weightedMoney } from '../../../shared/money';
import type { OpportunityListInput, OpportunityListItem } from '../components/opportunities/types';
import { useStageMove } from '../components/opportunities/useStageMove';
import '../components/opportunities/opportunities.css';
import { closePeriodKeys, closePeriodRange } from '../lib/closePeriods';
import { formatMoney, toDateInput } from '../lib/format';
import { canWrite, useSession } from '../lib/session';
import { useListParams } from '../lib/useListParams';
import { useTRPC } from '../trpc';

// Open stages show their soonest-closing deals; closed stages only the most recently changed ones.
const OPEN_LIMIT = 200;
const CLOSED_LIMIT = 50;

interface BoardFilters {
  ownerId: string;
  search: string;
  team: boolean;
  close?: { from?: string; to: string };
}

function columnInput(stage: Stage, { ownerId, search, team, close }: BoardFilters): OpportunityListInput {
  const filters = {
    stage,
    ownerId: ownerId || undefined,
    search: search || undefined,
    team: team || undefined,
    ...(close ? { closeDateFrom: close.from, closeDateTo: close.to } : {}),
  };
  return isOpenStage(stage)
    ? { ...filters, sort: 'closeDate', sortDirection: 'asc', limit: OPEN_LIMIT }
    : { ...filters, sort: 'updatedAt', sortDirection: 'desc', limit: CLOSED_LIMIT };
}

/** The table view of what the board shows: its owner or team filter. */
function tableQuery(ownerId: string, team: boolean): string {
  const params = new URLSearchParams();
  if (ownerId) params.set('owner', ownerId);
  if (team) params.set('team', '1');
  const query = params.toString();
  return query ? `?${query}` : '';
}

export default function OpportunityBoardPage() {
  const trpc = useTRPC();
  const me = useSession();
  const lp = useListParams({ sorts: ['closeDate'] as const, defaultSort: 'closeDate', extraFilters: ['close', 'team'] });
  const { move, pendingIds, lossReasonDialog } = useStageMove();
  const [draggingId, setDraggingId] = useState<number | null>(null);
  const settings = useQuery(trpc.settings.get.queryOptions());
  const fiscalYearStart = settings.data?.fiscalYearStartMonth ?? 1;
  const closeKey = lp.oneOf('close', closePeriodKeys);
  const today = toDateInput(new Date());
  const close = closeKey ? closePeriodRange(closeKey, today, fiscalYearStart) : undefined;
  const teamOnly = lp.get('team') === '1';
  const filters: BoardFilters = { ownerId: lp.ownerId, search: lp.search, team: teamOnly, close };
  const closeOptions = closePeriodKeys.map((k) => ({ value: k, label: closePeriodRange(k, today, fiscalYearStart).label }));

  const columns = useQueries({
    // A quarter filter waits for the fiscal year start, so it asks once for the right quarter.
    queries: stages.map((stage) => ({
      ...trpc.opportunities.list.queryOptions(columnInput(stage, filters)),
      enabled: !closeKey?.endsWith('quarter') || settings.isFetched,
    })),
  });

  const dealsOf = (i: number): OpportunityListItem[] => columns[i]?.data?.items ?? [];
  const findDeal = (id: number) => columns.flatMap((c) => c.data?.items ?? []).find((d) => d.id === id);
  const failed = columns.find((c) => c.isError && !c.data);

  const openDeals = stages.flatMap((s, i) => (isOpenStage(s) ? dealsOf(i) : []));
  const openTotal = sumMoney(openDeals.map((d) => d.amount));
  const openWeighted = sumMoney(openDeals.map((d) => weightedMoney(d.amount, d.probability)));
  const anyTruncated = columns.some((c, i) => isOpenStage(stages[i]!) && !!c.data?.nextCursor);
  const loading = columns.some((c) => c.isPending);

  const drop = (stage: Stage) => (id: number) => {
    setDraggingId(null);
    const deal = findDeal(id);
    if (deal && deal.stage !== stage) void move(deal, stage);
  };

  return (
    <>
      <PageHeader
        title="Pipeline board"
        subtitle={
          loading
            ? 'Loading deals…'
            : `${openDeals.length}${anyTruncated ? '+' : ''} open deals · ${formatMoney(openTotal)}${anyTruncated ? '+' : ''} open pipeline · ${formatMoney(openWeighted)}${anyTruncated ? '+' : ''} weighted`
        }
        actions={
          <>
            <ButtonLink to={`/opportunities${tableQuery(lp.ownerId, teamOnly)}`}>
              Table view
            </ButtonLink>
            <ButtonLink to="/opportunities/new" variant="primary">
              <Icon name="plus" /> New opportunity
            </ButtonLink>
          </>
        }
      />
      <FilterBar
        search={lp.search}
        onSearch={(q) => lp.set({ q })}
        searchPlaceholder="Search deals…"
        ownerId={lp.ownerId}
        onOwner={(owner) => lp.set({ owner })}
        hasFilters={lp.hasFilters}
        onClear={lp.clearFilters}
      >
        <FilterSelect label="Close period" value={closeKey ?? ''} onChange={(v) => lp.set({ close: v })} options={closeOptions} allLabel="Any close date" />
        {me.role === 'manager' && <TeamOnlyToggle checked={teamOnly} onChange={(on) => lp.set({ team: on ? '1' : null })} />}
      </FilterBar>
      {failed ? (
        <ErrorState error={failed.error} onRetry={() => columns.forEach((c) => void c.refetch())} />
      ) : (
        <DealHealthProvider ids={columns.flatMap((c) => c.data?.items.map((d) => d.id) ?? [])}>
        <div className="opp-board" role="region" aria-label="Pipeline by stage">
          {stages.map((stage, i) => {
            const deals = dealsOf(i);
            return (
              <BoardColumn
                key={stage}
                stage={stage}
                deals={deals}
                truncated={!!columns[i]?.data?.nextCursor}
                loading={!!columns[i]?.isPending}
                note={isOpenStage(stage) ? undefined : `Latest ${CLOSED_LIMIT} changed`}
                dragging={draggingId !== null}
                onDropDeal={drop(stage)}
              >
                {deals.map((deal) => (
                  <DealCard
                    key={deal.id}
                    deal={deal}
                    canMove={canWrite(me, deal.ownerId)}
                    pending={pendingIds.has(deal.id)}
                    onMove={(to) => void move(deal, to)}
                    onDragStart={setDraggingId}
                    onDragEnd={() => setDraggingId(null)}
                  />
                ))}
              </BoardColumn>
            );
          })}
        </div>
        </DealHealthProvider>
      )}
      {lossReasonDialog}
    </>
  );
}
