// Asked when a deal is moved to Closed Lost without a loss reason (the server requires one).
import { type FormEvent, useEffect, useId, useState } from 'react';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { lossReasons } from '../../../../shared/winLoss';
import { FieldFrame } from '../FormField';


export function LossReasonDialog({
  open,
  dealName,
  pending,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  dealName: string;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}) {
  const id = useId();
  const listId = useId();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setReason('');
      setError(null);
    }
  }, [open]);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const trimmed = reason.trim();
    if (!trimmed) return setError('Give a loss reason for a Closed Lost deal');
    if (trimmed.length > 255) return setError('Keep the reason under 255 characters');
    onSubmit(trimmed);
  };

  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title="Why was this deal lost?"
      description={
        <>
          <strong>{dealName}</strong> moves to Closed Lost once it has a loss reason.
        </>
      }
      width={440}
      footer={
        <>
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button variant="primary" pending={pending} onClick={() => submit()}>
            Mark as Closed Lost
          </Button>
        </>
      }
    >
      <form onSubmit={submit} noValidate>
        <FieldFrame id={id} label="Loss reason" required error={error ?? undefined} hint="Pick one or type your own.">
          <input
            id={id}
            name="lossReason"
            className="input"
            list={listId}
            autoFocus
            value={reason}
            maxLength={255}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : `${id}-hint`}
            onChange={(e) => {
              setReason(e.target.value);
              setError(null);
            }}
          />
          <datalist id={listId}>
            {lossReasons.map((r) => (
              <option key={r} value={r} />
            ))}
          </datalist>
        </FieldFrame>
        <div className="opp-chip-row" role="group" aria-label="Common reasons">
          {lossReasons.map((r) => (
            <button
              key={r}
              type="button"
              className={`opp-chip${reason === r ? ' opp-chip--on' : ''}`}
              aria-pressed={reason === r}
              onClick={() => {
                setReason(r);
                setError(null);
              }}
            >
              {r}
            </button>
          ))}
        </div>
      </form>
    </Dialog>
  );
}
