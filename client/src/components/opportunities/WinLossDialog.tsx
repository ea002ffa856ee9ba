// Asked when a deal closes: why it was won or lost (the primary reason from the taxonomy), against which
// competitor (chosen from those recorded so far, or a new name), and the lessons. Skippable when won; for a
// lost deal its primary reason is the loss reason the close needs. In `edit` mode it changes a record
// already made (WinLossPanel), starting from its values.
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { reasonsOf, type WinLossOutcome } from '../../../../shared/winLoss';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { FieldFrame, TextareaField } from '../FormField';

export interface WinLossValues {
  primaryReason: string;
  competitor: string | null;
  lessons: string | null;
}

export function WinLossDialog({
  open,
  outcome,
  dealName,
  initialReason,
  initial,
  mode = 'close',
  pending,
  errors,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  outcome: WinLossOutcome;
  dealName: string;
  initialReason?: string | null;
  /** The record being edited. */
  initial?: WinLossValues;
  mode?: 'close' | 'edit';
  pending: boolean;
  errors?: Record<string, string[]>;
  onSubmit: (values: WinLossValues) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const competitors = useQuery({ ...trpc.winLoss.competitors.queryOptions(), enabled: open });
  const reasonId = useId();
  const competitorId = useId();
  const listId = useId();
  const lessonsId = useId();
  const reasons = reasonsOf(outcome);
  const [reason, setReason] = useState('');
  const [competitor, setCompetitor] = useState('');
  const [lessons, setLessons] = useState('');
  const [error, setError] = useState<string | null>(null);

  const startReason = initial?.primaryReason ?? initialReason;
  const startCompetitor = initial?.competitor ?? '';
  const startLessons = initial?.lessons ?? '';
  useEffect(() => {
    if (open) {
      setReason(startReason && reasons.includes(startReason) ? startReason : '');
      setCompetitor(startCompetitor);
      setLessons(startLessons);
      setError(null);
    }
  }, [open, startReason, startCompetitor, startLessons, reasons]);
  const editing = mode === 'edit';

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!reason) return setError('Choose the primary reason');
    onSubmit({ primaryReason: reason, competitor: competitor.trim() || null, lessons: lessons.trim() || null });
  };
  const reasonError = error ?? errors?.primaryReason?.[0] ?? errors?.outcome?.[0];

  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={outcome === 'won' ? 'Why was this deal won?' : 'Why was this deal lost?'}
      description={
        editing ? (
          <>
            Why <strong>{dealName}</strong> was {outcome}, for the win/loss report.{outcome === 'lost' && ' Its loss reason follows the primary reason.'}
          </>
        ) : outcome === 'won' ? (
          <>
            <strong>{dealName}</strong> is won. What made the difference feeds the win/loss report.
          </>
        ) : (
          <>
            <strong>{dealName}</strong> moves to Closed Lost with this as its loss reason.
          </>
        )
      }
      width={480}
      footer={
        <>
          <Button onClick={onCancel} disabled={pending}>
            {editing || outcome === 'lost' ? 'Cancel' : 'Skip'}
          </Button>
          <Button variant="primary" pending={pending} onClick={() => submit()}>
            {editing || outcome === 'won' ? 'Save' : 'Mark as Closed Lost'}
          </Button>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="form">
        <FieldFrame id={reasonId} label="Primary reason" required error={reasonError}>
          <select
            id={reasonId}
            className="input select"
            value={reason}
            autoFocus
            aria-invalid={reasonError ? true : undefined}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
          >
            <option value="">Choose…</option>
            {reasons.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </FieldFrame>
        <FieldFrame id={competitorId} label="Competitor" error={errors?.competitor?.[0]} hint="Pick one recorded before, or type a new name.">
          <input
            id={competitorId}
            className="input"
            list={listId}
            value={competitor}
            maxLength={255}
            onChange={(e) => setCompetitor(e.target.value)}
          />
          <datalist id={listId}>
            {(competitors.data ?? []).map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </FieldFrame>
        <TextareaField id={lessonsId} name="lessons" label="Lessons" value={lessons} onChange={setLessons} rows={3} error={errors?.lessons?.[0]} />
      </form>
    </Dialog>
  );
}
