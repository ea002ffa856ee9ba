// "Save as report" under an answer that listed or counted deals: a dialog with the report the answer's look-up
// makes (its filters in words, what differs from the answer, the first rows as the report runs them), a name
// and a share box; saved, it links to the new report, which can then be scheduled like any other.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Link } from 'react-router';
import type { AskStep } from '../../../../shared/schemas/assistant';
import { reportableTools } from '../../../../shared/schemas/assistant';
import { errorMessage, serverFieldErrors } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { CheckboxField, SelectField, TextField } from '../FormField';
import { Spinner } from '../States';
import { formatCell } from '../reports/ReportResults';

/** Whether an answer has a step a report can be made from (the server says for sure). */
export const canSaveAsReport = (steps: AskStep[] | null) => (steps ?? []).some((s) => s.ok && (reportableTools as readonly string[]).includes(s.tool));

const toolWords = (tool: string) => tool.replace(/_/g, ' ');

export function SaveAnswerAsReport({ messageId }: { messageId: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="sm" onClick={() => setOpen(true)}>
        Save as report
      </Button>
      {open && <SaveDialog messageId={messageId} onClose={() => setOpen(false)} />}
    </>
  );
}

function SaveDialog({ messageId, onClose }: { messageId: number; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const nameId = useId();
  const shareId = useId();
  const stepId = useId();
  const [stepIndex, setStepIndex] = useState<number | undefined>(undefined);
  const [name, setName] = useState<string | null>(null);
  const [shared, setShared] = useState(false);
  const preview = useQuery({ ...trpc.ai.answerReport.queryOptions({ messageId, stepIndex }), placeholderData: keepPreviousData });
  const save = useMutation(
    trpc.ai.saveAnswerAsReport.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() }) }),
  );
  const data = preview.data;
  const ready = data?.available === true ? data : null;

  // The name starts as the question; the user's own edit is kept when they look at another step.
  useEffect(() => {
    if (ready && name === null) setName(ready.suggestedName);
  }, [ready, name]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!ready) return;
    save.mutate({ messageId, stepIndex: ready.stepIndex, name: name ?? '', shared });
  };
  const errors = serverFieldErrors(save.error);
  const formError = save.error && !errors.name ? errorMessage(save.error) : null;

  if (save.data) {
    return (
      <Dialog open onClose={onClose} title="Saved as a report" footer={<Button onClick={onClose}>Close</Button>}>
        <p>
          <strong>{save.data.name}</strong> is saved with your reports. Open it to run it, change it or put it on a schedule.
        </p>
        <p>
          <Link to={`/reports/${save.data.id}`}>Open the report</Link>
        </p>
      </Dialog>
    );
  }

  return (
    <Dialog
      open
      onClose={onClose}
      title="Save as report"
      width={720}
      description="The look-up behind this answer, as a report you can run again, share or schedule."
      footer={
        <>
          <Button onClick={onClose} disabled={save.isPending}>
            Cancel
          </Button>
          {ready && (
            <Button variant="primary" pending={save.isPending} onClick={() => submit()}>
              Save report
            </Button>
          )}
        </>
      }
    >
      {preview.isPending && <Spinner label="Preparing the report" />}
      {preview.isError && (
        <p className="review-error" role="alert">
          {errorMessage(preview.error)}
        </p>
      )}
      {data && !data.available && <p className="review-hint">{data.reason}</p>}
      {ready && (
        <form className="form" onSubmit={submit} noValidate>
          {ready.steps.length > 1 && (
            <SelectField
              id={stepId}
              name="step"
              label="Based on"
              value={String(ready.stepIndex)}
              onChange={(v) => setStepIndex(Number(v))}
              options={ready.steps.map((s) => ({ value: String(s.index), label: `Step ${s.index + 1}: ${toolWords(s.tool)} → ${s.summary}` }))}
            />
          )}
          <TextField id={nameId} name="name" label="Name" required value={name ?? ''} onChange={setName} error={errors.name?.[0]} autoFocus />
          <CheckboxField id={shareId} name="shared" label="Share with everyone (each runs it as themselves)" checked={shared} onChange={setShared} />
          <div>
            <h3 className="review-section__title">Filters</h3>
            {ready.filters.length === 0 ? <p className="muted-text">None: every deal you can see.</p> : (
              <ul className="answer-report__filters">
                {ready.filters.map((f) => (
                  <li key={f}>{f}</li>
                ))}
              </ul>
            )}
          </div>
          {ready.notes.length > 0 && (
            <ul className="answer-report__notes muted-text">
              {ready.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <div>
            <h3 className="review-section__title">
              Preview{ready.preview.total !== null ? ` (${ready.preview.total} ${ready.preview.mode === 'groups' ? 'groups' : 'rows'})` : ''}
            </h3>
            {ready.preview.rows.length === 0 ? (
              <p className="muted-text">No rows today.</p>
            ) : (
              <div className="table-wrap">
                <table className="table table--compact" aria-label="Report preview">
                  <thead>
                    <tr>
                      {ready.preview.columns.map((c) => (
                        <th key={c.key} scope="col">
                          {c.label}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {ready.preview.rows.map((row, r) => (
                      <tr key={row.id ?? `g${r}`}>
                        {row.cells.map((cell, i) => (
                          <td key={i}>{formatCell(ready.preview.columns[i]!.kind, cell)}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
          {formError && (
            <p className="review-error" role="alert">
              {formError}
            </p>
          )}
        </form>
      )}
    </Dialog>
  );
}
