// The mapping step of a file analysis: the file's columns onto the fields the rules read (proposed from the
// imports' alias table, an AI suggestion for the columns it does not know), its stages onto ours, the day to
// evaluate as of, and a preview of the first rows as they will be read, with the rules that will run.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { FormSummary } from '../FormField';
import { Panel } from '../Panel';
import { Spinner } from '../States';
import { AiMappingSuggestion } from '../assistant/AiMappingSuggestion';
import { ColumnMapping } from '../imports/ColumnMapping';
import { confirmedStageMapping, StageMapping, type StageMappingValue, useStageValues } from '../imports/StageMapping';
import { errorMessage } from '../../lib/errors';
import { formatMoney, formatNumber } from '../../lib/format';
import { useTRPC } from '../../trpc';

export function FileMapping({ analysisId, uploadId, onDone }: { analysisId: number; uploadId: number; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [mapping, setMapping] = useState<Record<string, string> | undefined>(undefined);
  const [stageChoices, setStageChoices] = useState<StageMappingValue | undefined>(undefined);
  const [asOf, setAsOf] = useState<string | undefined>(undefined);
  const [stageColumnSeen, setStageColumnSeen] = useState<string | undefined>(undefined);
  // The stage column as the user has it, else as the first preview proposed it; the preview then reads the rows
  // with the stage mapping too (the first one is asked without it).
  const stageColumn = mapping ? mapping.stage : stageColumnSeen;
  const stageValues = useStageValues(uploadId, stageColumn);
  const choices = stageChoices ?? {};
  const stageMapping = stageColumn && stageValues.data ? confirmedStageMapping(stageValues.data.values, choices) : {};
  const preview = useQuery({
    ...trpc.hygiene.analyses.preview.queryOptions({ analysisId, mapping, stageMapping: stageColumn && stageValues.data ? stageMapping : undefined }),
    placeholderData: keepPreviousData,
  });
  const p = preview.data;
  const current = mapping ?? p?.mapping ?? {};
  useEffect(() => {
    if (mapping === undefined && p && p.mapping.stage !== stageColumnSeen) setStageColumnSeen(p.mapping.stage);
    // A mapping confirmed before comes back as the starting choices.
    if (p && stageChoices === undefined) setStageChoices(Object.fromEntries(Object.entries(p.stageMapping).map(([k, v]) => [k, v ?? ''])));
  }, [mapping, p, stageChoices, stageColumnSeen]);
  const confirm = useMutation(
    trpc.hygiene.analyses.confirmMapping.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.hygiene.analyses.pathFilter());
        onDone();
      },
    }),
  );
  if (preview.isPending) return <Spinner label="Reading the file" />;
  if (preview.isError || !p) return <FormSummary summary={{ message: errorMessage(preview.error), fields: [] }} />;
  const problems = Object.entries(p.mappingProblems);
  const day = asOf ?? p.proposedAsOf;
  return (
    <>
      <Panel title="1. Columns → fields" count={p.columns.length}>
        <AiMappingSuggestion uploadId={uploadId} entity="opportunities" target="analysis" columns={p.columns} mapping={current} onApply={(pairs) => setMapping({ ...current, ...pairs })} />
        <p className="muted-text">
          {formatNumber(p.rowCount)} rows in {p.fileName}. We matched the columns we recognise; change any of them. A rule runs only on what the file has.
        </p>
        <ColumnMapping fields={p.fields} columns={p.columns} firstRow={p.rows[0]?.cells} mapping={current} problems={p.mappingProblems} onChange={setMapping} emptyLabel="— not in the file —" />
      </Panel>
      <Panel title="2. Stages → our stages">
        {stageColumn ? (
          <StageMapping uploadId={uploadId} column={stageColumn} mapping={choices} onChange={setStageChoices} />
        ) : (
          <p className="muted-text">No column is mapped to Stage: every deal counts as Prospecting.</p>
        )}
      </Panel>
      <Panel title="3. Preview of the first rows" count={p.rows.length}>
        <label className="field" style={{ maxWidth: '16rem' }}>
          <span className="field__label">Evaluate as of</span>
          <input className="input" type="date" value={day} onChange={(e) => setAsOf(e.target.value || undefined)} />
          <span className="field__hint">The day the export was taken: dates before it count as past.</span>
        </label>
        <div className="table-wrap">
          <table className="table table--compact">
            <thead>
              <tr>
                <th>Row</th>
                <th>Deal</th>
                <th>Stage</th>
                <th className="num">Amount</th>
                <th>Close date</th>
                <th>Owner</th>
              </tr>
            </thead>
            <tbody>
              {p.rows.map((r) => (
                <tr key={r.fileRow} className={r.problem ? 'table__row--danger' : undefined}>
                  <td className="mono">{r.fileRow}</td>
                  {r.deal ? (
                    <>
                      <td>{r.deal.dealName}</td>
                      <td>{r.deal.stage}</td>
                      <td className="num">{r.deal.amountCents === null ? '—' : formatMoney(r.deal.amountCents / 100)}</td>
                      <td>{r.deal.closeDate ?? '—'}</td>
                      <td>{r.deal.ownerName ?? '—'}</td>
                    </>
                  ) : (
                    <td colSpan={5}>
                      <Badge tone="danger">Broken</Badge> <span className="field__error">{r.problem}</span>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted-text">
          {p.rulesApplied.length} rules will run on this file; {p.rulesNotApplied.length} cannot (they need what only the CRM knows, or a column the file does not have).
        </p>
        <FormSummary summary={{ message: confirm.error ? errorMessage(confirm.error) : problems.length > 0 ? problems[0]![1] : null, fields: [] }} />
        <div className="form-actions">
          <Button
            variant="primary"
            pending={confirm.isPending}
            disabled={problems.length > 0 || (Boolean(stageColumn) && !stageValues.data)}
            onClick={() => confirm.mutate({ analysisId, mapping: current, stageMapping, asOf: day })}
          >
            Analyse {formatNumber(p.rowCount)} rows
          </Button>
        </div>
      </Panel>
    </>
  );
}
