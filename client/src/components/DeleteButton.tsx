import { useState } from 'react';
import { errorMessage } from '../lib/errors';
import { Button } from './Button';
import { ConfirmDialog } from './ConfirmDialog';

/** "Delete" with a confirmation; onConfirm runs the mutation and navigates away. */
export function DeleteButton({
  what,
  name,
  consequence,
  onConfirm,
}: {
  what: string;
  name: string;
  consequence?: string;
  onConfirm: () => Promise<unknown>;
}) {
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Button variant="ghost" className="btn--danger-text" onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${what}?`}
        message={
          <>
            <strong>{name}</strong> will be deleted. {consequence}
          </>
        }
        pending={pending}
        error={error}
        onCancel={() => {
          setOpen(false);
          setError(null);
        }}
        onConfirm={async () => {
          setPending(true);
          setError(null);
          try {
            await onConfirm();
            setOpen(false);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            setPending(false);
          }
        }}
      />
    </>
  );
}
