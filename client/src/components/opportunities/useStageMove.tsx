// Moving a deal to another stage from the board or the detail page's stage path: a forward move past
// empty expected fields (or a long jump) asks the stage gate first; then the card moves at once
// (optimistic), rolls back with the server's message when the move is refused, and a refused Closed
// Lost without a reason asks for one and tries again.
import { type QueryClient, type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { type StageGate, stageGate } from '../../../../shared/stageGate';
import { planStageFields } from '../../../../shared/stagePlan';
import { isOpenStage, type Stage } from '../../../../shared/stages';
import { errorCode, errorMessage, serverFieldErrors } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { useToast } from '../Toaster';
import { LossReasonDialog } from './LossReasonDialog';
import { type GateAnswer, StageGateDialog } from './StageGateDialog';
import { WinLossDialog, type WinLossValues } from './WinLossDialog';
import type { OpportunityDetail, OpportunityListInput, OpportunityListItem } from './types';

type ListPage = { items: OpportunityListItem[]; nextCursor: string | null };
type InfinitePages = { pages: ListPage[]; pageParams: unknown[] };
type KeyMeta = { input?: OpportunityListInput; type?: string };

/** What a move needs to know about the deal: a list row or the detail both fit. */
export type MovableDeal = OpportunityListItem;

interface GateQuestion {
  deal: MovableDeal;
  stage: Stage;
  gate: StageGate;
  accountId: number;
  economicBuyerName: string | null;
}

/** The stage-derived fields as the server will set them (the same rule, from shared/stagePlan). */
function movedTo(deal: MovableDeal, stage: Stage): MovableDeal {
  const { stageChanged: _changed, ...fields } = planStageFields(deal, { stage });
  return { ...deal, ...fields, updatedAt: new Date() };
}

const asArray = <T,>(v: T | T[] | undefined): T[] | undefined => (v === undefined ? undefined : Array.isArray(v) ? v : [v]);

/** Whether a list with these filters would contain the deal; unknowable filters (search, dates) say no. */
function belongsTo(input: OpportunityListInput | undefined, deal: MovableDeal): boolean {
  if (!input) return false;
  const stages = asArray(input.stage);
  if (stages && !stages.includes(deal.stage)) return false;
  if (input.ownerId && input.ownerId !== deal.ownerId) return false;
  if (input.accountId && input.accountId !== deal.accountId) return false;
  if (input.open === true && !isOpenStage(deal.stage)) return false;
  if (input.open === false && isOpenStage(deal.stage)) return false;
  if (input.search && !deal.opportunityName.toLowerCase().includes(input.search.trim().toLowerCase())) return false;
  // Close dates compare as text (YYYY-MM-DD); a deal without one is outside any range.
  if (input.closeDateFrom && (!deal.closeDate || deal.closeDate < input.closeDateFrom)) return false;
  if (input.closeDateTo && (!deal.closeDate || deal.closeDate > input.closeDateTo)) return false;
  if (input.amountMin || input.amountMax || input.forecastCategory) {
    return false;
  }
  return true;
}

/** Orders a column the way the server does: by the sort column then id, NULLs first ascending. */
function compareBy(input: OpportunityListInput | undefined) {
  const sort = input?.sort ?? 'closeDate';
  const dir = input?.sortDirection === 'desc' ? -1 : 1;
  const value = (d: MovableDeal): string | number | null => {
    const v = d[sort];
    if (v === null || v === undefined) return null;
    if (v instanceof Date) return v.getTime();
    return sort === 'amount' ? Number(v) : String(v);
  };
  return (a: MovableDeal, b: MovableDeal) => {
    const va = value(a);
    const vb = value(b);
    let c = 0;
    if (va === null && vb !== null) c = -1;
    else if (va !== null && vb === null) c = 1;
    else if (va !== null && vb !== null) c = va < vb ? -1 : va > vb ? 1 : 0;
    return (c || a.id - b.id) * dir;
  };
}

/** Puts the deal where it now belongs in every cached opportunities list (board columns, tables). */
function placeInLists(queryClient: QueryClient, listKey: QueryKey, deal: MovableDeal): void {
  for (const [key, data] of queryClient.getQueriesData<ListPage | InfinitePages>({ queryKey: listKey })) {
    if (!data) continue;
    const meta = (key[1] ?? {}) as KeyMeta;
    if ('pages' in data) {
      // A paged table keeps its rows where they are; only the row's values change.
      queryClient.setQueryData<InfinitePages>(key, {
        ...data,
        pages: data.pages.map((p) => ({ ...p, items: p.items.map((i) => (i.id === deal.id ? { ...i, ...deal } : i)) })),
      });
      continue;
    }
    const present = data.items.some((i) => i.id === deal.id);
    const belongs = belongsTo(meta.input, deal);
    let items = data.items;
    if (present && !belongs) items = items.filter((i) => i.id !== deal.id);
    else if (present) items = items.map((i) => (i.id === deal.id ? { ...i, ...deal } : i));
    else if (belongs && meta.input?.stage) items = [...items, deal].sort(compareBy(meta.input));
    if (items !== data.items) queryClient.setQueryData<ListPage>(key, { ...data, items });
  }
}

export function useStageMove() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [pendingIds, setPendingIds] = useState<ReadonlySet<number>>(new Set());
  const [askLossReason, setAskLossReason] = useState<MovableDeal | null>(null);
  // Closing asks why: a lost deal before the move (its reason is the loss reason), a won one after it.
  const [askWinLoss, setAskWinLoss] = useState<{ deal: MovableDeal; outcome: 'won' | 'lost' } | null>(null);
  const [winLossErrors, setWinLossErrors] = useState<Record<string, string[]> | undefined>();
  // A forward move past empty expected fields, or a long jump, waits for the stage gate's answer.
  const [askGate, setAskGate] = useState<GateQuestion | null>(null);
  const [gateErrors, setGateErrors] = useState<Record<string, string[]> | undefined>();
  const update = useMutation(trpc.opportunities.update.mutationOptions());
  const recordWinLoss = useMutation(trpc.winLoss.record.mutationOptions());
  const listKey = trpc.opportunities.list.queryKey();

  const setPending = useCallback((id: number, on: boolean) => {
    setPendingIds((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);

  /** The gate of this move, reading the deal's expected fields (the board's rows do not carry them). */
  const gateOf = useCallback(
    async (deal: MovableDeal | OpportunityDetail, stage: Stage): Promise<GateQuestion | null> => {
      // Nothing could be asked of this move whatever the fields hold: no need to read them.
      if (!stageGate(deal.stage, stage, {}).asks) return null;
      const detail =
        'identifiedPain' in deal
          ? deal
          : await queryClient.fetchQuery({ ...trpc.opportunities.getById.queryOptions({ id: deal.id }), staleTime: 5_000 });
      const gate = stageGate(deal.stage, stage, detail);
      return gate.asks ? { deal, stage, gate, accountId: detail.accountId, economicBuyerName: detail.economicBuyerName } : null;
    },
    [queryClient, trpc],
  );

  const move = useCallback(
    async (deal: MovableDeal, stage: Stage, lossReason?: string, answer?: GateAnswer): Promise<boolean> => {
      if (deal.stage === stage && !lossReason) return true;
      if (stage === 'Closed Lost' && !lossReason) {
        setWinLossErrors(undefined);
        setAskWinLoss({ deal, outcome: 'lost' });
        return false;
      }
      if (!answer) {
        let question: GateQuestion | null;
        try {
          question = await gateOf(deal, stage);
        } catch (error) {
          toast.error(errorMessage(error));
          return false;
        }
        if (question) {
          setGateErrors(undefined);
          setAskGate(question);
          return false;
        }
      }
      const detailKey = trpc.opportunities.getById.queryKey({ id: deal.id });
      await Promise.all([queryClient.cancelQueries({ queryKey: listKey }), queryClient.cancelQueries({ queryKey: detailKey })]);
      const detailBefore = queryClient.getQueryData<OpportunityDetail>(detailKey);

      placeInLists(queryClient, listKey, movedTo(deal, stage));
      if (detailBefore) queryClient.setQueryData<OpportunityDetail>(detailKey, { ...detailBefore, ...movedTo(deal, stage) });
      setPending(deal.id, true);
      try {
        const fresh = await update.mutateAsync({
          id: deal.id,
          version: deal.version,
          stage,
          ...(lossReason ? { lossReason } : {}),
          ...answer?.fields,
          ...(answer?.skipped.length ? { gateSkippedFields: answer.skipped, gateSkipReason: answer.reason } : {}),
        });
        queryClient.setQueryData(detailKey, fresh);
        // The new version goes into every cached row at once, so a second move is not a conflict.
        placeInLists(queryClient, listKey, { ...deal, ...pickListFields(fresh) });
        toast.success(`Moved “${deal.opportunityName}” to ${stage}`);
        if (stage === 'Closed Won') {
          setWinLossErrors(undefined);
          setAskWinLoss({ deal: { ...deal, ...pickListFields(fresh) }, outcome: 'won' });
        }
        return true;
      } catch (error) {
        // Undo only this deal's move: other cards may have moved meanwhile.
        placeInLists(queryClient, listKey, deal);
        if (detailBefore) queryClient.setQueryData(detailKey, detailBefore);
        // A refused field (the loss reason) says what to do better than "some fields need attention".
        const fieldMessage = Object.values(serverFieldErrors(error))[0]?.[0];
        toast.error(fieldMessage ?? errorMessage(error));
        if (serverFieldErrors(error).lossReason && stage === 'Closed Lost') setAskLossReason(deal);
        if (answer) setGateErrors(serverFieldErrors(error));
        if (errorCode(error) === 'CONFLICT') void queryClient.invalidateQueries({ queryKey: detailKey });
        return false;
      } finally {
        setPending(deal.id, false);
        void queryClient.invalidateQueries({ queryKey: listKey });
      }
    },
    [trpc, queryClient, listKey, update, toast, setPending, gateOf],
  );

  const gateDialog = askGate && (
    <StageGateDialog
      open
      dealName={askGate.deal.opportunityName}
      accountId={askGate.accountId}
      economicBuyerName={askGate.economicBuyerName}
      to={askGate.stage}
      gate={askGate.gate}
      pending={pendingIds.has(askGate.deal.id)}
      serverErrors={gateErrors}
      onCancel={() => setAskGate(null)}
      onSubmit={async (answer) => {
        if (await move(askGate.deal, askGate.stage, undefined, answer)) setAskGate(null);
      }}
    />
  );

  const lossReasonDialog = (
    <LossReasonDialog
      open={askLossReason !== null}
      dealName={askLossReason?.opportunityName ?? ''}
      pending={askLossReason !== null && pendingIds.has(askLossReason.id)}
      onCancel={() => setAskLossReason(null)}
      onSubmit={async (reason) => {
        if (!askLossReason) return;
        const ok = await move(askLossReason, 'Closed Lost', reason);
        if (ok) setAskLossReason(null);
      }}
    />
  );

  const saveWinLoss = async ({ deal, outcome }: { deal: MovableDeal; outcome: 'won' | 'lost' }, values: WinLossValues) => {
    if (outcome === 'lost' && deal.stage !== 'Closed Lost') {
      if (!(await move(deal, 'Closed Lost', values.primaryReason))) return;
      // Closed now: a retry after a refused record only records.
      setAskWinLoss({ deal: { ...deal, stage: 'Closed Lost' }, outcome });
    }
    try {
      await recordWinLoss.mutateAsync({ opportunityId: deal.id, outcome, ...values });
      void queryClient.invalidateQueries({ queryKey: trpc.winLoss.pathKey() });
      setAskWinLoss(null);
      if (outcome === 'won') toast.success('Win recorded');
    } catch (error) {
      setWinLossErrors(serverFieldErrors(error));
      toast.error(errorMessage(error));
    }
  };

  const winLossDialog = (
    <WinLossDialog
      open={askWinLoss !== null}
      outcome={askWinLoss?.outcome ?? 'won'}
      dealName={askWinLoss?.deal.opportunityName ?? ''}
      pending={recordWinLoss.isPending || (askWinLoss !== null && pendingIds.has(askWinLoss.deal.id))}
      errors={winLossErrors}
      onCancel={() => setAskWinLoss(null)}
      onSubmit={(values) => askWinLoss && void saveWinLoss(askWinLoss, values)}
    />
  );

  return {
    move,
    pendingIds,
    lossReasonDialog: (
      <>
        {lossReasonDialog}
        {winLossDialog}
        {gateDialog}
      </>
    ),
  };
}

/** The list row's fields out of a detail (the detail carries everything a row has, and more). */
function pickListFields(d: OpportunityDetail): Partial<MovableDeal> {
  return {
    stage: d.stage,
    probability: d.probability,
    probabilityOverridden: d.probabilityOverridden,
    forecastCategory: d.forecastCategory,
    forecastCategoryOverridden: d.forecastCategoryOverridden,
    closeDate: d.closeDate,
    amount: d.amount,
    version: d.version,
    updatedAt: d.updatedAt,
  };
}
