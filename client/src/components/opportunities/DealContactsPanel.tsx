// The people on a deal: its economic buyer and champion (fields of the deal) and everyone else involved,
// each with their part. Whoever may change the deal adds, re-labels and removes them.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { dealContactRoles, opportunityContactAdd } from '../../../../shared/schemas/opportunities';
import { errorMessage } from '../../lib/errors';
import { fullName } from '../../lib/format';
import { useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { FormSummary, optionsOf, SelectField } from '../FormField';
import { Panel } from '../Panel';
import { ContactPicker } from '../RecordPickers';
import { useToast } from '../Toaster';
import type { OpportunityDetail } from './types';

const roleOptions = [{ value: '', label: 'No part given' }, ...optionsOf(dealContactRoles)];

function AddPersonForm({ deal, onDone }: { deal: OpportunityDetail; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const initial = { opportunityId: deal.id };
  const form = useZodForm(opportunityContactAdd, initial);
  const add = useMutation(trpc.opportunities.addContact.mutationOptions());
  const onSubmit = form.handleSubmit(async (input) => {
    const person = await add.mutateAsync(input);
    await queryClient.invalidateQueries({ queryKey: trpc.opportunities.listContacts.queryKey({ opportunityId: deal.id }) });
    toast.success(`Added ${fullName(person)} to the deal`);
    form.reset(initial);
    onDone();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="deal-people__form" aria-label="Add a person to the deal">
      <ContactPicker label="Person" required accountId={deal.accountId} {...form.recordId('contactId')} />
      <SelectField label="Their part" options={roleOptions} {...form.choice('role')} />
      <div className="deal-people__actions">
        <FormSummary summary={form.summary} />
        <Button onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={form.submitting}>
          Add person
        </Button>
      </div>
    </form>
  );
}

export function DealContactsPanel({ deal, canEdit }: { deal: OpportunityDetail; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const people = useQuery(trpc.opportunities.listContacts.queryOptions({ opportunityId: deal.id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.opportunities.listContacts.queryKey({ opportunityId: deal.id }) });
  const onError = (error: unknown) => toast.error(errorMessage(error));
  const update = useMutation(trpc.opportunities.updateContact.mutationOptions({ onSuccess: refresh, onError }));
  const remove = useMutation(trpc.opportunities.removeContact.mutationOptions({ onSuccess: refresh, onError }));

  const keyPeople = [
    { id: deal.economicBuyerContactId, name: deal.economicBuyerName, part: 'Economic buyer' },
    { id: deal.championContactId, name: deal.championName, part: 'Champion' },
  ].filter((p): p is { id: number; name: string; part: string } => p.id !== null && p.name !== null);
  const count = keyPeople.length + (people.data?.length ?? 0);

  return (
    <Panel
      title="People"
      count={people.isSuccess ? count : undefined}
      actions={
        canEdit && !adding ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add person
          </Button>
        ) : undefined
      }
    >
      {adding && <AddPersonForm deal={deal} onDone={() => setAdding(false)} />}
      <ul className="deal-people">
        {keyPeople.map((p) => (
          <li key={`${p.part}-${p.id}`} className="deal-people__row">
            <Link to={`/contacts/${p.id}`}>{p.name}</Link>
            <Badge tone="accent">{p.part}</Badge>
          </li>
        ))}
        {people.data?.map((p) => (
          <li key={p.id} className="deal-people__row">
            <span>
              <Link to={`/contacts/${p.contactId}`}>{fullName(p)}</Link>
              {p.title && <span className="muted-text"> · {p.title}</span>}
            </span>
            {canEdit ? (
              <span className="deal-people__edit">
                <label className="visually-hidden" htmlFor={`deal-person-role-${p.id}`}>
                  {`${fullName(p)}'s part`}
                </label>
                <select
                  id={`deal-person-role-${p.id}`}
                  className="input input--sm select"
                  value={p.role ?? ''}
                  disabled={update.isPending}
                  onChange={(e) => update.mutate({ id: p.id, role: (e.target.value || null) as (typeof dealContactRoles)[number] | null })}
                >
                  {roleOptions.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="icon-btn icon-btn--sm"
                  aria-label={`Remove ${fullName(p)} from the deal`}
                  disabled={remove.isPending}
                  onClick={() => remove.mutate({ id: p.id })}
                >
                  ×
                </button>
              </span>
            ) : (
              p.role && <Badge tone="neutral">{p.role}</Badge>
            )}
          </li>
        ))}
      </ul>
      {people.isSuccess && count === 0 && !adding && (
        <p className="muted-text">Nobody is on this deal yet. Add the people you are talking to, and their part in the decision.</p>
      )}
      {people.isError && <p className="text-danger">Could not load the people on this deal: {errorMessage(people.error)}</p>}
    </Panel>
  );
}
