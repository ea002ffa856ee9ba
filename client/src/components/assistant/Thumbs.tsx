// Thumbs up or down on an AI answer or review, by whoever asked for it: the figures per prompt version
// (Settings -> AI usage) count them. Pressing the chosen one again takes it back.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import { useToast } from '../Toaster';

export function Thumbs({ kind, id, value }: { kind: 'review' | 'answer'; id: number; value: 'up' | 'down' | null }) {
  const trpc = useTRPC();
  const toast = useToast();
  const [current, setCurrent] = useState(value);
  const save = useMutation(trpc.ai.feedback.mutationOptions());
  const choose = (feedback: 'up' | 'down') => {
    const next = current === feedback ? null : feedback;
    setCurrent(next);
    save.mutate({ kind, id, feedback: next }, { onError: (error) => { setCurrent(current); toast.error(errorMessage(error)); } });
  };
  return (
    <span className="thumbs" role="group" aria-label="Was this helpful?">
      <button type="button" className="thumbs__button" aria-pressed={current === 'up'} onClick={() => choose('up')}>
        Helpful
      </button>
      <button type="button" className="thumbs__button" aria-pressed={current === 'down'} onClick={() => choose('down')}>
        Not helpful
      </button>
    </span>
  );
}
