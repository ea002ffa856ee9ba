// Settings -> Quotas: managers and admins set each rep's quota for a month or a fiscal quarter. A quarter
// without its own quota shows the sum of its months' quotas (marked as such). Saved per row, audited.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useSearchParams } from 'react-router';
import type { PeriodKind } from '../../../shared/periods';
import { Button } from '../components/Button';
import '../components/insight/insight.css';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { useToast } from '../components/Toaster';
import { errorMessage, serverFieldErrors } from '../lib/errors';
import { formatMoney } from '../lib/format';
import { type RouterOutputs, useTRPC } from '../trpc';
import { periodKindOptions } from '../components/insight/parts';
import { type ParamsPatch, patchParams } from '../lib/searchParams';
import { Segmented } from '../components/Segmented';

type QuotaPage = RouterOutputs['quotas']['list'];
type Person = QuotaPage['people'][number];

function QuotaRow({ person, page }: { person: Person; page: QuotaPage }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const initial = person.setForPeriod && person.quota ? person.quota : '';
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const set = useMutation(trpc.quotas.set.mutationOptions());
  const remove = useMutation(trpc.quotas.remove.mutationOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.quotas.list.queryKey() });
  const input = { userId: person.id, period: page.period.kind, start: page.period.start };
  const inputId = `quota-${person.id}`;

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      if (value.trim() === '') {
        await remove.mutateAsync(input);
        toast.success(`Removed ${person.name}’s quota for ${page.period.label}`);
      } else {
        await set.mutateAsync({ ...input, amount: value.replace(/[,\s]/g, '') });
        toast.success(`${person.name}’s quota for ${page.period.label} saved`);
      }
      await refresh();
    } catch (err) {
      setError(serverFieldErrors(err).amount?.[0] ?? errorMessage(err));
    }
  };
  const derived = !person.setForPeriod && person.quota !== null;

  return (
    <tr>
      <th scope="row">
        <label htmlFor={inputId}>{person.name}</label>
        <div className="muted-text">{person.role === 'manager' ? 'Manager' : 'Rep'}</div>
      </th>
      <td className="num">
        {person.quota ? formatMoney(person.quota) : <span className="muted-text">No quota</span>}
        {derived && <div className="muted-text">sum of its months</div>}
      </td>
      <td>
        <form className="quota-form" onSubmit={save} noValidate>
          <input
            id={inputId}
            className="input quota-form__input"
            inputMode="decimal"
            placeholder={derived ? 'Quarter quota' : 'Amount'}
            value={value}
            onChange={(e) => setValue(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${inputId}-error` : undefined}
          />
          <Button type="submit" size="sm" pending={set.isPending || remove.isPending} disabled={value === initial}>
            Save
          </Button>
        </form>
        {error && (
          <p id={`${inputId}-error`} className="field__error" role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}

export default function QuotasSettingsPage() {
  const trpc = useTRPC();
  const [params, setParams] = useSearchParams();
  const kind: PeriodKind = params.get('period') === 'month' ? 'month' : 'quarter';
  const start = params.get('start') ?? undefined;
  const query = useQuery(trpc.quotas.list.queryOptions({ period: kind, start }));
  const go = (patch: ParamsPatch) => setParams((prev) => patchParams(prev, patch));
  const page = query.data;
  return (
    <>
      <PageHeader
        title="Quotas"
        crumbs={[{ label: 'Settings', to: '/settings' }]}
        subtitle="What each rep is expected to close; coverage on the manager dashboard is open pipeline over the quota still to go."
      />
      <div className="insight-toolbar">
        <Segmented label="Period" options={periodKindOptions} value={kind} onChange={(k) => go({ period: k, start: null })} />
        <Button size="sm" variant="ghost" onClick={() => page && go({ start: page.previousStart })} aria-label="Previous period" disabled={!page}>
          ←
        </Button>
        <strong className="insight-period">{page?.period.label ?? '…'}</strong>
        <Button size="sm" variant="ghost" onClick={() => page && go({ start: page.nextStart })} aria-label="Next period" disabled={!page}>
          →
        </Button>
        {page && !page.isCurrent && (
          <Button size="sm" onClick={() => go({ start: null })}>
            Current {kind}
          </Button>
        )}
      </div>
      {query.isPending ? (
        <DetailSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : page && page.people.length === 0 ? (
        <EmptyState title="No reps yet" description="Quotas are set for active reps and managers; add people in Settings → Users." />
      ) : page ? (
        <Panel title={`Quotas for ${page.period.label}`} flush actions={<span className="muted-text">Team total {page.total ? formatMoney(page.total) : '—'}</span>}>
          <div className="table-wrap">
            <table className="table" aria-label={`Quotas for ${page.period.label}`}>
              <thead>
                <tr>
                  <th scope="col">Person</th>
                  <th scope="col" className="num">
                    Quota
                  </th>
                  <th scope="col">Set for {page.period.label} (empty removes it)</th>
                </tr>
              </thead>
              <tbody>
                {page.people.map((p) => (
                  <QuotaRow key={`${page.period.start}-${p.id}-${p.quota ?? ''}`} person={p} page={page} />
                ))}
              </tbody>
            </table>
          </div>
        </Panel>
      ) : null}
    </>
  );
}
