// A new import: choose what the file holds and upload it, confirm or change the proposed mapping on a preview
// of the first rows (each row shows what will happen to it), for deals confirm how the file's stages map onto
// ours, choose what to do with unknown accounts and owners, and start. The import runs as a job; its page
// shows the progress. The mapping and stage mapping are plain state here, so anything that proposes one
// replaces it through the same setters.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { ImportEntityName } from '../../../shared/schemas/imports';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { FormSummary } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { Spinner } from '../components/States';
import { ColumnMapping, type ImportMapping } from '../components/imports/ColumnMapping';
import { confirmedStageMapping, StageMapping, type StageMappingValue, useStageValues } from '../components/imports/StageMapping';
import { errorMessage } from '../lib/errors';
import { formatNumber } from '../lib/format';
import { type UploadAnswer, uploadSpreadsheet } from '../lib/uploads';
import { type RouterOutputs, useTRPC } from '../trpc';
import { AiMappingSuggestion } from '../components/assistant/AiMappingSuggestion';

type Preview = RouterOutputs['imports']['preview'];
type Options = { unknownAccount: 'create' | 'reject'; unknownOwner: 'me' | 'reject' };

/** Entities whose rows name an account, which may not exist yet. */
const namesAccounts: ImportEntityName[] = ['contacts', 'opportunities'];

const outcomeBadges: Record<string, [string, 'success' | 'info' | 'neutral' | 'danger']> = {
  create: ['New', 'success'],
  update: ['Updates existing', 'info'],
  merge: ['Same as earlier row', 'neutral'],
  reject: ['Rejected', 'danger'],
};

const entityChoices: [ImportEntityName, string, string][] = [
  ['accounts', 'Accounts (companies)', 'Matched by external id, domain, then name'],
  ['contacts', 'Contacts (people)', 'Matched by external id, then email'],
  ['leads', 'Leads (prospects)', 'Matched by external id, then email'],
  ['opportunities', 'Opportunities (deals)', 'Matched by external id; their stages mapped onto ours'],
  ['products', 'Products (price list)', 'Matched by external id, then product code'],
  ['activities', 'Activities (calls, emails, meetings, notes, tasks)', 'Logged on the deal, contact or account each row names'],
];

function UploadStep({ onUploaded }: { onUploaded: (entity: ImportEntityName, upload: UploadAnswer) => void }) {
  const [entity, setEntity] = useState<ImportEntityName>('accounts');
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const upload = async () => {
    if (!file) return setError('Choose a CSV or .xlsx file first');
    setError(null);
    setProgress(0);
    try {
      onUploaded(entity, await uploadSpreadsheet(file, setProgress));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setProgress(null);
    }
  };
  return (
    <Panel title="1. The file">
      <div className="form">
        <div className="field">
          <span className="field__label">The file holds</span>
          <div className="choice-cards">
            {entityChoices.map(([e, title, detail]) => (
              <label key={e} className="choice-card">
                <input type="radio" name="entity" value={e} checked={entity === e} onChange={() => setEntity(e)} />
                <span>
                  <span className="choice-card__title">{title}</span>
                  <br />
                  <span className="choice-card__detail">{detail}</span>
                </span>
              </label>
            ))}
          </div>
        </div>
        <div className="import-file">
          <div className="field">
            <label className="field__label" htmlFor="import-file">
              CSV or Excel file
            </label>
            <input
              id="import-file"
              className="input"
              type="file"
              accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            />
            <span className="field__hint">Any encoding and delimiter; exports from HubSpot and Salesforce as they come.</span>
          </div>
          <Button variant="primary" onClick={upload} pending={progress !== null}>
            {progress !== null ? `Uploading ${Math.round(progress * 100)}%` : 'Upload'}
          </Button>
        </div>
        <FormSummary summary={{ message: error, fields: [] }} />
      </div>
    </Panel>
  );
}

function MappingStep({ entity, upload }: { entity: ImportEntityName; upload: UploadAnswer }) {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [mapping, setMapping] = useState<ImportMapping | undefined>(undefined);
  const [stageChoices, setStageChoices] = useState<StageMappingValue>({});
  const [options, setOptions] = useState<Options>({ unknownAccount: 'create', unknownOwner: 'me' });
  const [stageColumnSeen, setStageColumnSeen] = useState<string | undefined>(undefined);
  // The stage column as the user has it, else as the first preview proposed it; the preview then follows the
  // stage mapping too (the first one is asked without it).
  const stageColumn = entity === 'opportunities' ? (mapping ? mapping.stage : stageColumnSeen) : undefined;
  const stageValues = useStageValues(upload.uploadId, stageColumn);
  const stageMapping = stageColumn && stageValues.data ? confirmedStageMapping(stageValues.data.values, stageChoices) : undefined;
  const sentOptions = { ...options, ...(stageMapping ? { stageMapping } : {}) };
  const preview = useQuery({
    ...trpc.imports.preview.queryOptions({ uploadId: upload.uploadId, entity, mapping, options: sentOptions }),
    placeholderData: keepPreviousData,
  });
  const proposedStage = preview.data?.mapping.stage;
  useEffect(() => {
    if (mapping === undefined && proposedStage !== stageColumnSeen) setStageColumnSeen(proposedStage);
  }, [mapping, proposedStage, stageColumnSeen]);
  const start = useMutation(
    trpc.imports.start.mutationOptions({
      onSuccess: async ({ importId }) => {
        await queryClient.invalidateQueries(trpc.imports.list.pathFilter());
        navigate(`/imports/${importId}`);
      },
    }),
  );
  if (preview.isPending) return <Spinner label="Reading the file" />;
  if (preview.isError) return <FormSummary summary={{ message: errorMessage(preview.error), fields: [] }} />;
  const p: Preview = preview.data;
  const current = mapping ?? p.mapping;
  const problems = Object.entries(p.mappingProblems);
  const rejectedInPreview = p.rows.filter((r) => r.outcome === 'reject').length;
  const mappedFields = p.fields.filter((f) => current[f.key]);
  const steps = entity === 'opportunities' ? { options: 4, preview: 5 } : { options: 3, preview: 4 };
  return (
    <>
      <Panel title={`2. Columns → fields`} count={upload.columns.length}>
        <AiMappingSuggestion uploadId={upload.uploadId} entity={entity} columns={upload.columns} mapping={current} onApply={(pairs) => setMapping({ ...current, ...pairs })} />
        <p className="muted-text">
          {formatNumber(upload.rowCount)} rows in {upload.fileName}. We matched the columns we recognise; change any of them.
        </p>
        <ColumnMapping fields={p.fields} columns={upload.columns} firstRow={upload.sample[0]} mapping={current} problems={p.mappingProblems} onChange={setMapping} />
      </Panel>
      {entity === 'opportunities' && (
        <Panel title="3. Stages → our stages">
          {stageColumn ? (
            <>
              <p className="muted-text">Each stage name in the file becomes one of ours. We proposed the ones we know (HubSpot, Salesforce and common names); check them.</p>
              <StageMapping uploadId={upload.uploadId} column={stageColumn} mapping={stageChoices} onChange={setStageChoices} />
            </>
          ) : (
            <p className="muted-text">No column is mapped to Stage: every deal starts in Prospecting.</p>
          )}
        </Panel>
      )}
      <Panel title={`${steps.options}. Options`}>
        <div className="form-grid">
          {namesAccounts.includes(entity) && (
            <label className="field">
              <span className="field__label">A row names an account that does not exist</span>
              <select
                className="input select"
                value={options.unknownAccount}
                onChange={(e) => setOptions({ ...options, unknownAccount: e.target.value as Options['unknownAccount'] })}
              >
                <option value="create">Create the account</option>
                <option value="reject">Reject the row</option>
              </select>
            </label>
          )}
          <label className="field">
            <span className="field__label">The owner column names someone who is not a user</span>
            <select
              className="input select"
              value={options.unknownOwner}
              onChange={(e) => setOptions({ ...options, unknownOwner: e.target.value as Options['unknownOwner'] })}
            >
              <option value="me">Make me the owner</option>
              <option value="reject">Reject the row</option>
            </select>
          </label>
        </div>
      </Panel>
      <Panel title={`${steps.preview}. Preview of the first rows`} count={p.rows.length}>
        {rejectedInPreview > 0 && (
          <div className="alert alert--warning">
            {rejectedInPreview} of the first {p.rows.length} rows would be rejected; the reasons are below. Rejected rows can be downloaded after the import.
          </div>
        )}
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>Row</th>
                <th>Outcome</th>
                {mappedFields.map((f) => (
                  <th key={f.key}>{f.label}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => {
                const [label, tone] = r.outcome ? outcomeBadges[r.outcome]! : ['—', 'neutral' as const];
                return (
                  <tr key={r.index} className={r.outcome === 'reject' ? 'table__row--danger' : undefined}>
                    <td className="mono">{r.index + 2}</td>
                    <td>
                      <Badge tone={tone}>{label}</Badge>
                      {r.message && <div className="field__error">{r.message}</div>}
                    </td>
                    {mappedFields.map((f) => (
                      <td key={f.key} className="preview-cell">
                        {r.cells[upload.columns.indexOf(current[f.key]!)] ?? ''}
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <FormSummary summary={{ message: start.error ? errorMessage(start.error) : problems.length > 0 ? problems[0]![1] : null, fields: [] }} />
        <div className="form-actions">
          <Button
            variant="primary"
            pending={start.isPending}
            disabled={problems.length > 0 || (entity === 'opportunities' && Boolean(stageColumn) && !stageMapping)}
            onClick={() => start.mutate({ uploadId: upload.uploadId, entity, mapping: current, options: sentOptions })}
          >
            Import {formatNumber(upload.rowCount)} rows
          </Button>
        </div>
      </Panel>
    </>
  );
}

export default function ImportNewPage() {
  const [uploaded, setUploaded] = useState<{ entity: ImportEntityName; upload: UploadAnswer } | null>(null);
  return (
    <>
      <PageHeader title="New import" crumbs={[{ label: 'Imports', to: '/imports' }]} subtitle="CSV (any encoding or delimiter) or .xlsx, of any size." />
      <div className="import-steps">
        {uploaded ? (
          <>
            <Panel
              title="1. The file"
              actions={
                <Button size="sm" variant="ghost" onClick={() => setUploaded(null)}>
                  Choose another file
                </Button>
              }
            >
              <p>
                <strong>{uploaded.upload.fileName}</strong> · {formatNumber(uploaded.upload.rowCount)} rows · {uploaded.upload.columns.length} columns · imported as{' '}
                {uploaded.entity}
              </p>
            </Panel>
            <MappingStep entity={uploaded.entity} upload={uploaded.upload} />
          </>
        ) : (
          <UploadStep onUploaded={(entity, upload) => setUploaded({ entity, upload })} />
        )}
      </div>
    </>
  );
}
