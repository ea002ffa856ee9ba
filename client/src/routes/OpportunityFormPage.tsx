// Create or edit an opportunity (/opportunities/new, /opportunities/:id/edit).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router';
import { opportunityCreate, opportunityUpdate } from '../../../shared/schemas/opportunities';
import { type StageGate, stageGate } from '../../../shared/stageGate';
import { isOpenStage, type Stage, stageDefaults, stages } from '../../../shared/stages';
import { Button } from '../components/Button';
import { CannotEdit } from '../components/ReadOnlyNotice';
import { RecordForm } from '../components/RecordForm';
import { DetailSkeleton, ErrorState } from '../components/States';
import { OpportunityFields } from '../components/opportunities/OpportunityFields';
import { type GateAnswer, StageGateDialog } from '../components/opportunities/StageGateDialog';
import type { OpportunityDetail } from '../components/opportunities/types';
import '../components/opportunities/opportunities.css';
import { changedOnly, pick } from '../lib/changes';
import { errorCode, serverFieldErrors } from '../lib/errors';
import { idParam, parseId } from '../lib/records';
import { canWrite, useSession } from '../lib/session';
import { useAfterSave } from '../lib/useAfterSave';
import { useZodForm } from '../lib/useZodForm';
import { useTRPC } from '../trpc';

const fields = [
  'opportunityName',
  'accountId',
  'stage',
  'amount',
  'closeDate',
  'nextStep',
  'nextStepDate',
  'economicBuyerContactId',
  'championContactId',
  'metrics',
  'decisionCriteria',
  'decisionProcess',
  'paperProcess',
  'identifiedPain',
  'competition',
  'competitor',
  'lossReason',
  'ownerId',
] as const;

function NewOpportunityForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const afterSave = useAfterSave();
  const me = useSession();
  const [params] = useSearchParams();
  const stageParam = params.get('stage');
  const form = useZodForm(opportunityCreate, {
    opportunityName: '',
    accountId: idParam(params, 'accountId') ?? undefined,
    stage: stages.includes(stageParam as Stage) ? (stageParam as Stage) : 'Prospecting',
    ownerId: me.id,
  });
  const create = useMutation(trpc.opportunities.create.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const deal = await create.mutateAsync(input);
    queryClient.setQueryData(trpc.opportunities.getById.queryKey({ id: deal.id }), deal);
    await afterSave({
      refresh: { queryKey: trpc.opportunities.list.queryKey() },
      message: `Opportunity “${deal.opportunityName}” created`,
      open: `/opportunities/${deal.id}`,
    });
  });
  return (
    <RecordForm
      title="New opportunity"
      crumbs={[{ label: 'Opportunities', to: '/opportunities' }]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Create opportunity"
      formLabel="New opportunity"
    >
      <OpportunityFields form={form} />
    </RecordForm>
  );
}

function EditOpportunityForm({ deal, onReload }: { deal: OpportunityDetail; onReload: () => Promise<void> }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const afterSave = useAfterSave();
  const [conflict, setConflict] = useState(false);
  const conflictRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (conflict) conflictRef.current?.scrollIntoView({ block: 'center' });
  }, [conflict]);
  // An empty probability / category means the deal follows its stage; only an override shows a value.
  const initial = {
    id: deal.id,
    version: deal.version,
    ...pick(deal, fields),
    probability: deal.probabilityOverridden ? deal.probability : undefined,
    forecastCategory: deal.forecastCategoryOverridden ? deal.forecastCategory : undefined,
  };
  const form = useZodForm(opportunityUpdate, initial);
  const update = useMutation(trpc.opportunities.update.mutationOptions());

  // "Edit" on the MEDDIC panel links to #meddic.
  useEffect(() => {
    const target = window.location.hash ? document.getElementById(window.location.hash.slice(1)) : null;
    target?.scrollIntoView({ block: 'start' });
  }, []);

  // The stage gate (shared/stageGate.ts): a forward stage change past empty expected fields asks first;
  // the dialog's answers go into the form and the save runs again with the skip reason.
  const [gateAsk, setGateAsk] = useState<StageGate | null>(null);
  const gateAnswer = useRef<{ stage: Stage; answer: GateAnswer } | null>(null);
  const [resubmit, setResubmit] = useState(0);

  const onSubmit = form.handleSubmit(async (input) => {
    const stage = input.stage ?? deal.stage;
    const answered = gateAnswer.current?.stage === stage ? gateAnswer.current.answer : null;
    const gate = stageGate(deal.stage, stage, input);
    if (gate.asks && !answered) {
      setGateAsk(gate);
      return;
    }
    const changes = changedOnly(input, initial) as typeof input;
    if (answered?.skipped.length) {
      changes.gateSkippedFields = answered.skipped;
      changes.gateSkipReason = answered.reason;
    }
    // Emptying an override means "follow the stage again": the stage default clears it on the server.
    if (isOpenStage(stage) && initial.probability !== undefined && input.probability === undefined) {
      changes.probability = stageDefaults[stage].probability;
    }
    if (isOpenStage(stage) && initial.forecastCategory !== undefined && input.forecastCategory === undefined) {
      changes.forecastCategory = stageDefaults[stage].forecastCategory;
    }
    try {
      const saved = await update.mutateAsync(changes);
      queryClient.setQueryData(trpc.opportunities.getById.queryKey({ id: saved.id }), saved);
      await afterSave({
        refresh: { queryKey: trpc.opportunities.list.queryKey() },
        message: 'Opportunity saved',
        open: `/opportunities/${saved.id}`,
      });
    } catch (error) {
      if (errorCode(error) === 'CONFLICT' && Object.keys(serverFieldErrors(error)).length === 0) {
        setConflict(true);
        return;
      }
      throw error;
    }
  });

  useEffect(() => {
    if (resubmit > 0) void onSubmit();
    // Runs once per answer, after the answered fields are in the form's values.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resubmit]);

  const stageValue = (form.values.stage as Stage | undefined) ?? deal.stage;
  return (
    <>
    {gateAsk && (
      <StageGateDialog
        open
        dealName={deal.opportunityName}
        accountId={(form.values.accountId as number | undefined) ?? deal.accountId}
        economicBuyerName={deal.economicBuyerName}
        to={stageValue}
        gate={gateAsk}
        pending={false}
        onCancel={() => setGateAsk(null)}
        onSubmit={(answer) => {
          for (const [field, value] of Object.entries(answer.fields)) form.setValue(field, value);
          gateAnswer.current = { stage: stageValue, answer };
          setGateAsk(null);
          setResubmit((n) => n + 1);
        }}
      />
    )}
    <RecordForm
      title={`Edit ${deal.opportunityName}`}
      crumbs={[
        { label: 'Opportunities', to: '/opportunities' },
        { label: deal.opportunityName, to: `/opportunities/${deal.id}` },
      ]}
      form={form}
      onSubmit={onSubmit}
      submitLabel="Save changes"
      cancelTo={`/opportunities/${deal.id}`}
      formLabel={`Edit ${deal.opportunityName}`}
      notice={
        conflict && (
          <div ref={conflictRef} className="alert alert--danger opp-conflict" role="alert">
            <span>
              This opportunity was changed by someone else since you opened it. Reload to see their changes; your edits here
              will be discarded.
            </span>
            <Button size="sm" onClick={() => void onReload()}>
              Reload
            </Button>
          </div>
        )
      }
    >
      <OpportunityFields
        form={form}
        hasLineItems={deal.lineItems.length > 0}
        contactNames={{ economicBuyer: deal.economicBuyerName, champion: deal.championName }}
      />
    </RecordForm>
    </>
  );
}

export default function OpportunityFormPage() {
  const trpc = useTRPC();
  const me = useSession();
  const params = useParams();
  const id = parseId(params.id);
  const deal = useQuery({ ...trpc.opportunities.getById.queryOptions({ id: id ?? 0 }), enabled: id !== null, staleTime: 0 });
  // Bumped by "Reload" after a conflict: the form starts again from the fresh record.
  const [loads, setLoads] = useState(0);
  if (params.id === undefined) return <NewOpportunityForm />;
  if (id === null) return <ErrorState error={{ data: { code: 'NOT_FOUND' }, message: 'Opportunity not found' }} />;
  if (deal.isError) return <ErrorState error={deal.error} onRetry={() => void deal.refetch()} />;
  // Edit the record as it is now, not a cached copy: its version is what the save is checked against.
  if (deal.isPending || !deal.isFetchedAfterMount) return <DetailSkeleton />;
  if (!canWrite(me, deal.data.ownerId)) {
    return (
      <CannotEdit
        what="opportunity"
        name={deal.data.opportunityName}
        viewTo={`/opportunities/${deal.data.id}`}
        listTo="/opportunities"
        listLabel="Opportunities"
        ownerId={deal.data.ownerId}
        ownerName={deal.data.ownerName}
      />
    );
  }
  return (
    <EditOpportunityForm
      key={`${deal.data.id}:${loads}`}
      deal={deal.data}
      onReload={async () => {
        await deal.refetch();
        setLoads((n) => n + 1);
      }}
    />
  );
}
