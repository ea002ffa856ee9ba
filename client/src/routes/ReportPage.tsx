// One report: the builder beside a live preview (paged, charted when grouped), then save, run, export, the
// schedule and the last runs. /reports/new starts from a blank definition; /reports/:id opens a saved one.
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button } from '../components/Button';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { ReportBuilder } from '../components/reports/ReportBuilder';
import { ReportResults } from '../components/reports/ReportResults';
import { ReportRuns } from '../components/reports/ReportRuns';
import { SchedulePanel } from '../components/reports/SchedulePanel';
import { type Definition, fromStored, isGrouped, newDefinition, toInput } from '../components/reports/definition';
import { DetailSkeleton, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorCode, errorMessage, serverFieldErrors } from '../lib/errors';
import { useDebouncedValue } from '../lib/useDebouncedValue';
import { type RouterOutputs, useTRPC } from '../trpc';
import '../components/reports/reports.css';

const PREVIEW_ROWS = 50;
const PREVIEW_GROUPS = 200;

export default function ReportPage() {
  const { id } = useParams();
  const reportId = id && id !== 'new' ? Number(id) : null;
  const trpc = useTRPC();
  const report = useQuery({ ...trpc.reports.get.queryOptions({ id: reportId ?? 0 }), enabled: reportId !== null && Number.isSafeInteger(reportId) && reportId > 0 });
  if (reportId !== null && (!Number.isSafeInteger(reportId) || reportId <= 0)) return <ErrorState error={{ message: 'There is no such report.' }} />;
  if (reportId !== null) {
    if (report.error) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
    if (!report.data) return <DetailSkeleton />;
    return <ReportEditor key={report.data.id} saved={report.data} />;
  }
  return <ReportEditor key="new" saved={null} />;
}

type Saved = RouterOutputs['reports']['get'];

function ReportEditor({ saved }: { saved: Saved | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const [definition, setDefinition] = useState<Definition>(() => (saved?.definition ? fromStored(saved.definition) : newDefinition()));
  const [name, setName] = useState(saved?.name ?? '');
  const [shared, setShared] = useState(saved?.shared ?? false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const canEdit = saved ? saved.canEdit : true;

  const debounced = useDebouncedValue(definition, 350);
  const input = useMemo(() => ({ ...toInput(debounced), limit: isGrouped(debounced) ? PREVIEW_GROUPS : PREVIEW_ROWS }), [debounced]);
  const preview = useInfiniteQuery(trpc.reports.execute.infiniteQueryOptions(input, { getNextPageParam: (p) => p.nextCursor }));
  const previewFieldErrors = errorCode(preview.error) === 'BAD_REQUEST' ? serverFieldErrors(preview.error) : {};

  const invalidate = async (id: number) => {
    await queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.reports.get.queryKey({ id }) });
  };
  const create = useMutation(
    trpc.reports.save.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Saved “${r.name}”`);
        await invalidate(r.id);
        navigate(`/reports/${r.id}`, { replace: true });
      },
    }),
  );
  const update = useMutation(
    trpc.reports.update.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Saved “${r.name}”`);
        await invalidate(r.id);
      },
    }),
  );
  const run = useMutation(
    trpc.reports.run.mutationOptions({
      onSuccess: async (r) => {
        toast.success(`Ran it: ${r.total ?? r.rows.length} ${r.mode === 'groups' ? 'groups' : 'rows'}`);
        if (saved) await invalidate(saved.id);
      },
    }),
  );
  const remove = useMutation(
    trpc.reports.delete.mutationOptions({
      onSuccess: async () => {
        toast.success('Report deleted');
        await queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
        navigate('/reports');
      },
    }),
  );

  const saveError = create.error ?? update.error;
  const saveErrors = serverFieldErrors(saveError);
  // The builder shows the preview's problems at once, and the save's under `definition.` as well.
  const builderErrors = useMemo(() => {
    const fromSave = Object.fromEntries(Object.entries(saveErrors).filter(([k]) => k.startsWith('definition.')).map(([k, v]) => [k.slice('definition.'.length), v]));
    return { ...fromSave, ...previewFieldErrors };
  }, [saveErrors, previewFieldErrors]);
  const nameError = saveErrors.name?.[0];

  const dirty = saved ? JSON.stringify(fromStored(saved.definition ?? definition)) !== JSON.stringify(definition) || name !== saved.name || shared !== saved.shared : true;
  const onSave = () => {
    const payload = { name, definition: toInput(definition), shared };
    if (saved) update.mutate({ id: saved.id, ...payload });
    else create.mutate(payload);
  };

  useEffect(() => {
    create.reset();
    update.reset();
    // A changed definition is a new attempt: last save's errors no longer apply.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [definition]);

  const blockedBy = Object.keys(previewFieldErrors).length > 0 ? 'The highlighted parts of the report need attention.' : null;

  return (
    <>
      <PageHeader
        title={saved ? saved.name : 'New report'}
        crumbs={[{ label: 'Reports', to: '/reports' }]}
        subtitle={saved ? `${saved.canEdit ? 'Yours' : `${saved.ownerName}’s`}${saved.shared ? ', shared with everyone' : ', private'}${saved.scheduleLabel ? ` · ${saved.scheduleLabel}` : ''}` : 'Choose what to report on; the preview updates as you go.'}
        actions={
          <>
            {saved && (
              <>
                <Button onClick={() => run.mutate({ id: saved.id })} pending={run.isPending} title="Run the saved report and log the run">
                  Run
                </Button>
                <a className="btn btn--secondary" href={`/api/reports/${saved.id}/export.csv`} download title={dirty ? 'Exports the saved version' : undefined}>
                  Export CSV
                </a>
              </>
            )}
            {canEdit && (
              <Button variant="primary" onClick={onSave} pending={create.isPending || update.isPending} disabled={saved !== null && !dirty}>
                {saved ? 'Save changes' : 'Save report'}
              </Button>
            )}
            {saved && !saved.canEdit && (
              <Button variant="primary" onClick={() => create.mutate({ name: `${name} (copy)`.slice(0, 255), definition: toInput(definition), shared: false })} pending={create.isPending}>
                Save a copy
              </Button>
            )}
            {saved?.canEdit && (
              <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
                Delete
              </Button>
            )}
          </>
        }
      />
      {run.error && (
        <div className="form-summary" role="alert">
          {errorMessage(run.error)}
        </div>
      )}
      <div className="report-layout">
        <aside className="report-layout__builder panel" aria-label="Report definition">
          <div className="panel__body">
            <div className={`field${nameError ? ' field--invalid' : ''}`}>
              <label className="field__label field__label--required" htmlFor="report-name">
                Name
              </label>
              <input
                id="report-name"
                className="input"
                value={name}
                disabled={!canEdit}
                placeholder="e.g. Pipeline by stage"
                onChange={(e) => setName(e.target.value)}
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? 'report-name-error' : undefined}
              />
              {nameError && (
                <div className="field__error" id="report-name-error">
                  {nameError}
                </div>
              )}
            </div>
            <label className="checkbox report-builder__shared">
              <input type="checkbox" checked={shared} disabled={!canEdit} onChange={(e) => setShared(e.target.checked)} />
              <span>Shared with everyone (each runs it as themselves)</span>
            </label>
            {saveErrors.shared && <div className="field__error">{saveErrors.shared[0]}</div>}
            <ReportBuilder definition={definition} onChange={setDefinition} errors={builderErrors} />
            {saveError && Object.keys(saveErrors).length === 0 && (
              <div className="field__error" role="alert">
                {errorMessage(saveError)}
              </div>
            )}
            {saveError && Object.keys(saveErrors).length > 0 && (
              <div className="form-summary" role="alert">
                Some fields need attention.
              </div>
            )}
          </div>
        </aside>
        <div className="report-layout__main">
          <Panel title="Preview">
            <ReportResults
              entity={debounced.entity}
              data={preview.data}
              isPending={preview.isPending}
              error={blockedBy ? null : preview.error}
              onRetry={() => void preview.refetch()}
              hasNextPage={preview.hasNextPage}
              fetchNextPage={() => void preview.fetchNextPage()}
              isFetchingNextPage={preview.isFetchingNextPage}
              blockedBy={blockedBy}
            />
          </Panel>
          {saved && (
            <>
              <Panel title="Schedule">
                <SchedulePanel reportId={saved.id} schedule={saved.schedule} scheduleLabel={saved.scheduleLabel} nextRunAt={saved.nextRunAt} canEdit={saved.canEdit} shared={saved.shared} recipients={saved.recipients} />
              </Panel>
              <Panel title="Last runs" flush>
                <ReportRuns runs={saved.runs} />
              </Panel>
            </>
          )}
        </div>
      </div>
      {saved && (
        <ConfirmDialog
          open={confirmDelete}
          title={`Delete “${saved.name}”?`}
          message="The report, its schedule and its run history go. Exports already downloaded stay as they are."
          pending={remove.isPending}
          error={remove.error ? errorMessage(remove.error) : null}
          onConfirm={() => remove.mutate({ id: saved.id })}
          onCancel={() => setConfirmDelete(false)}
        />
      )}
    </>
  );
}
