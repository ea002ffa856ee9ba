// On an import's mapping step: when some columns match no field we know, Claude can suggest which open fields they
// hold. The suggestion is only shown; the user ticks the pairs to use and applies them to the mapping, which the
// preview then checks like any choice made by hand. Absent when AI is not configured.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportEntityName } from '../../../../shared/schemas/imports';
import { errorMessage } from '../../lib/errors';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Button } from '../Button';
import './assistant.css';

type Suggestion = RouterOutputs['ai']['suggestImportMapping']['suggestions'][number];

export function AiMappingSuggestion({
  uploadId,
  entity,
  columns,
  mapping,
  onApply,
  target = 'import',
}: {
  uploadId: number;
  entity: ImportEntityName;
  /** A file analysis offers its own fields (dates, forecast category) rather than the import's. */
  target?: 'import' | 'analysis';
  columns: string[];
  mapping: Record<string, string>;
  onApply: (pairs: Record<string, string>) => void;
}) {
  const trpc = useTRPC();
  const status = useQuery(trpc.ai.status.queryOptions());
  const suggest = useMutation(trpc.ai.suggestImportMapping.mutationOptions());
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const used = new Set(Object.values(mapping));
  const unmatched = columns.filter((c) => c.trim() !== '' && !used.has(c));
  if (!status.data?.configured || (unmatched.length === 0 && !suggest.data)) return null;

  const ask = async () => {
    const answer = await suggest.mutateAsync({ uploadId, entity, mapping, target });
    setChosen(new Set(answer.suggestions.map((s) => s.column)));
  };
  const apply = (suggestions: Suggestion[]) => {
    onApply(Object.fromEntries(suggestions.filter((s) => chosen.has(s.column)).map((s) => [s.field, s.column])));
    suggest.reset();
  };
  const toggle = (column: string) =>
    setChosen((current) => {
      const next = new Set(current);
      if (next.has(column)) next.delete(column);
      else next.add(column);
      return next;
    });

  const answer = suggest.data;
  return (
    <div className="ai-mapping" aria-live="polite">
      {!answer ? (
        <p className="ai-mapping__offer">
          <span>{unmatched.length === 1 ? `1 column (${unmatched[0]}) matches` : `${unmatched.length} columns match`} no field we recognise.</span>
          <Button size="sm" pending={suggest.isPending} onClick={() => void ask().catch(() => undefined)}>
            Suggest a mapping with AI
          </Button>
        </p>
      ) : answer.suggestions.length === 0 ? (
        <p className="ai-mapping__offer">
          <span className="muted-text">Claude found no open field for the unmatched columns: map them by hand or leave them out.</span>
          <Button size="sm" variant="ghost" onClick={() => suggest.reset()}>
            Close
          </Button>
        </p>
      ) : (
        <fieldset className="ai-mapping__suggestions">
          <legend>Claude suggests (tick the ones to use; nothing changes until you apply them)</legend>
          <ul>
            {answer.suggestions.map((s) => (
              <li key={s.column}>
                <label className="checkbox">
                  <input type="checkbox" checked={chosen.has(s.column)} onChange={() => toggle(s.column)} />
                  <span>
                    <strong>{s.column}</strong> → {s.fieldLabel}
                  </span>
                </label>
              </li>
            ))}
          </ul>
          <div className="ai-mapping__actions">
            <Button size="sm" variant="primary" disabled={chosen.size === 0} onClick={() => apply(answer.suggestions)}>
              Apply {chosen.size} of {answer.suggestions.length}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => suggest.reset()}>
              Dismiss
            </Button>
          </div>
        </fieldset>
      )}
      {suggest.error && (
        <p className="review-error" role="alert">
          {errorMessage(suggest.error)}
        </p>
      )}
    </div>
  );
}
