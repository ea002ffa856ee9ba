// "Also send to" on a report's Schedule panel: the people besides the owner who get each scheduled CSV (run as
// them), chosen one by one or, for a manager, their whole team at once. Only a shared report goes to others.
import { useQuery } from '@tanstack/react-query';
import { useSession } from '../../lib/session';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';

interface Props {
  value: string[];
  onChange: (ids: string[]) => void;
  shared: boolean;
  error?: string;
}

export function RecipientPicker({ value, onChange, shared, error }: Props) {
  const trpc = useTRPC();
  const me = useSession();
  const { data } = useQuery(trpc.reports.recipientOptions.queryOptions());
  const people = (data?.users ?? []).filter((u) => u.id !== me.id);
  const nameOf = (id: string) => people.find((u) => u.id === id)?.name ?? 'Someone no longer active';
  const addable = people.filter((u) => !value.includes(u.id));
  const team = (data?.teamIds ?? []).filter((id) => !value.includes(id));
  return (
    <fieldset className="report-recipients" aria-describedby={error ? 'report-recipients-error' : undefined}>
      <legend>Also send to</legend>
      {!shared && value.length === 0 && <p className="subtle-text">Share the report to send it to others: each gets the rows they may see.</p>}
      <ul className="report-recipients__list" aria-label="Recipients">
        {value.map((id) => (
          <li key={id} className="report-chip-check">
            {nameOf(id)}
            <button type="button" className="report-recipients__remove" aria-label={`Remove ${nameOf(id)}`} onClick={() => onChange(value.filter((v) => v !== id))}>
              ×
            </button>
          </li>
        ))}
      </ul>
      <div className="report-row">
        <select
          className="input select"
          aria-label="Add a recipient"
          value=""
          disabled={addable.length === 0}
          onChange={(e) => e.target.value && onChange([...value, e.target.value])}
        >
          <option value="">Add a person…</option>
          {addable.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
        {me.role === 'manager' && (
          <Button type="button" size="sm" variant="secondary" disabled={team.length === 0} onClick={() => onChange([...value, ...team])}>
            Add my team
          </Button>
        )}
      </div>
      {error && (
        <div id="report-recipients-error" className="field__error">
          {error}
        </div>
      )}
    </fieldset>
  );
}
