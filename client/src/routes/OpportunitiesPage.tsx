// Opportunities as a table: filters and sort live in the URL, more rows load by keyset cursor.
import { viewFilters } from '../../../shared/viewFilters';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { opportunitySortColumns } from '../../../shared/schemas/opportunities';
import { isCloseDatePast, type Stage, stages } from '../../../shared/stages';
import { ButtonLink } from '../components/Button';
import type { Column } from '../components/DataTable';
import { FilterSelect } from '../components/FilterBar';
import { optionsOf } from '../components/FormField';
import { Icon } from '../components/Icon';
import { ListPage } from '../components/ListPage';
import { exportHref } from '../lib/exports';
import { DealHealth, DealHealthProvider } from '../components/hygiene/HealthBadge';
import '../components/hygiene/hygiene.css';
import { StageBadge } from '../components/opportunities/StageBadge';
import type { OpportunityListItem } from '../components/opportunities/types';
import '../components/opportunities/opportunities.css';
import { formatDate, formatMoney, toDateInput } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { isManagerOrAdmin, useSession } from '../lib/session';
import { type BuiltInView, SavedViews } from '../components/SavedViews';
import { BulkStageQuestions } from '../components/opportunities/BulkStageQuestions';
import { useStageMove } from '../components/opportunities/useStageMove';
import { TeamOnlyToggle } from '../components/opportunities/TeamOnlyToggle';
import { useTRPC } from '../trpc';
import { type InlineEdit, withEdits } from '../components/EditableCell';
import { useOwnerCellEdit } from '../components/OwnerSelect';
import { canWrite } from '../lib/session';
import { useInlineSave, valueOptions } from '../lib/useInlineSave';

const muted = <span className="muted-text">—</span>;

function CloseDate({ deal }: { deal: OpportunityListItem }) {
  if (!deal.closeDate) return muted;
  const overdue = isCloseDatePast(deal, toDateInput(new Date()));
  return (
    <span className={overdue ? 'opp-overdue' : undefined} title={overdue ? 'Close date has passed' : undefined}>
      {formatDate(deal.closeDate)}
      {deal.pushCount > 0 && (
        <span className="opp-pushes" title={`Close date pushed ${deal.pushCount} time${deal.pushCount === 1 ? '' : 's'}`}>
          {' '}
          ↻{deal.pushCount}
        </span>
      )}
    </span>
  );
}

const baseColumns: Column<OpportunityListItem>[] = [
  {
    key: 'name',
    header: 'Opportunity',
    sortKey: 'opportunityName',
    cell: (o) => (
      <Link to={`/opportunities/${o.id}`} className="cell-primary">
        {o.opportunityName}
      </Link>
    ),
  },
  {
    key: 'account',
    card: true,
    header: 'Account',
    cell: (o) => <Link to={`/accounts/${o.accountId}`}>{o.accountName}</Link>,
  },
  { key: 'stage', card: true, header: 'Stage', cell: (o) => <StageBadge stage={o.stage} /> },
  { key: 'health', header: 'Health', align: 'right', cell: (o) => <DealHealth id={o.id} /> },
  { key: 'amount', card: true, header: 'Amount', sortKey: 'amount', align: 'right', cell: (o) => formatMoney(o.amount) },
  { key: 'closeDate', card: true, header: 'Close date', sortKey: 'closeDate', cell: (o) => <CloseDate deal={o} /> },
  {
    key: 'probability',
    header: 'Probability',
    align: 'right',
    cell: (o) => (
      <span title={o.probabilityOverridden ? 'Set by the rep (differs from the stage default)' : 'Stage default'}>
        {o.probability}%{o.probabilityOverridden && <span className="opp-override" aria-label="overridden">*</span>}
      </span>
    ),
  },
  { key: 'owner', card: true, header: 'Owner', cell: (o) => o.ownerName },
  {
    key: 'nextStep',
    card: true,
    header: 'Next step',
    cell: (o) =>
      o.nextStep ? (
        <span className="opp-next-step" title={o.nextStep}>
          {o.nextStep}
          {o.nextStepDate && <span className="muted-text"> · {formatDate(o.nextStepDate)}</span>}
        </span>
      ) : (
        muted
      ),
  },
];

/**
 * Stage, amount, close date, next step and owner, edited in the list by whoever may change the deal (the
 * owner only by managers and admins). A stage moves as on the board: through the stage gate, and a close asks why.
 */
function useDealEdits(move: ReturnType<typeof useStageMove>['move']): Partial<Record<string, InlineEdit<OpportunityListItem>>> {
  const trpc = useTRPC();
  const save = useInlineSave(trpc.opportunities.update.mutationOptions(), trpc.opportunities.pathFilter());
  const ownerEdit = useOwnerCellEdit<OpportunityListItem>(save);
  const set = (o: OpportunityListItem, fields: Record<string, unknown>) => save({ id: o.id, version: o.version, ...fields });
  return {
    stage: { field: 'stage', label: 'Stage', input: { options: valueOptions(stages) }, value: (o) => o.stage, save: (o, v) => move(o, v as Stage) },
    amount: { field: 'amount', label: 'Amount', input: 'number', value: (o) => o.amount ?? '', save: (o, v) => set(o, { amount: v.trim() || null }) },
    closeDate: { field: 'closeDate', label: 'Close date', input: 'date', value: (o) => o.closeDate ?? '', save: (o, v) => set(o, { closeDate: v || null }) },
    nextStep: { field: 'nextStep', label: 'Next step', input: 'text', value: (o) => o.nextStep ?? '', save: (o, v) => set(o, { nextStep: v.trim() || null }) },
    owner: ownerEdit,
  };
}

function OpenOnlyToggle({ checked, onChange }: { checked: boolean; onChange: (checked: boolean) => void }) {
  const id = useId();
  return (
    <label className="opp-toggle" htmlFor={id}>
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      <span>Open only</span>
    </label>
  );
}

export default function OpportunitiesPage() {
  const trpc = useTRPC();
  const me = useSession();
  const lp = useListParams({ sorts: opportunitySortColumns, defaultSort: 'closeDate', extraFilters: ['open', 'team'] });
  // Opened without filters, the list starts where people work: a rep on their own open deals, a manager on
  // their team's (theirs and their reps'), an admin on everyone's, soonest close date first. Clearing the
  // filters shows all.
  const defaultView: Record<string, string> = isManagerOrAdmin(me) ? { team: '1', open: '1' } : { owner: me.id, open: '1' };
  const builtIn: BuiltInView[] = [
    ...(isManagerOrAdmin(me) ? [] : [{ name: 'My open deals', params: { owner: me.id, open: '1' } }]),
    ...(isManagerOrAdmin(me) ? [{ name: "Team's open deals", params: { team: '1', open: '1' } }] : []),
    ...(me.role === 'admin' ? [] : [{ name: 'All open deals', params: { open: '1' } }]),
    { name: 'Won', params: { stage: 'Closed Won', sort: 'closeDate', dir: 'desc' } },
  ];
  const [params, setParams] = useSearchParams();
  useEffect(() => {
    if ([...params.keys()].length === 0) setParams(new URLSearchParams(defaultView), { replace: true });
    // Once, on arrival.
  }, []);
  const stageMove = useStageMove();
  const columns = withEdits(baseColumns, useDealEdits(stageMove.move));
  // The URL read as the list's filters the same way a segment playbook reads a saved view (shared/viewFilters.ts).
  const filters = viewFilters.opportunities(Object.fromEntries(lp.params));
  const stage: Stage | undefined = filters.stage;
  const openOnly = filters.open === true;
  const teamOnly = filters.team === true;
  const listInput = { ...lp.listInput, ...filters };
  const query = useInfiniteQuery(
    trpc.opportunities.list.infiniteQueryOptions(
      listInput,
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  const boardLink = lp.ownerId ? `/opportunities/board?owner=${encodeURIComponent(lp.ownerId)}` : '/opportunities/board';

  const ids = query.data?.pages.flatMap((p) => p.items.map((o) => o.id)) ?? [];
  return (
    <DealHealthProvider ids={ids}>
    <ListPage
      exportHref={exportHref('opportunities', listInput)}
      title="Opportunities"
      newRecord={{ to: '/opportunities/new', label: 'New opportunity' }}
      actions={
        <ButtonLink to={boardLink}>
          <Icon name="board" /> Board view
        </ButtonLink>
      }
      list={lp}
      searchPlaceholder="Search deals…"
      columns={columns}
      query={query}
      rowHref={(o) => `/opportunities/${o.id}`}
      canEditRow={(o) => canWrite(me, o.ownerId)}
      empty={{
        title: 'No opportunities yet',
        description: 'An opportunity is a deal you are working with an account. Add the first one.',
      }}
      noMatches={{ title: 'No opportunities match these filters', description: 'Try another search, owner or stage.' }}
      views={<SavedViews list="opportunities" builtIn={builtIn} />}
      bulk={{
        list: 'opportunities',
        noun: 'deal',
        nameOf: (o) => o.opportunityName,
        fields: [{ key: 'stage', label: 'Stage', options: stages, Questions: BulkStageQuestions }],
        deleteNote: 'They disappear from lists, the board and forecasts.',
      }}
    >
      <FilterSelect
        label="Stage"
        value={stage ?? ''}
        onChange={(value) => lp.set({ stage: value })}
        options={optionsOf(stages)}
        allLabel="Any stage"
      />
      <OpenOnlyToggle checked={openOnly} onChange={(on) => lp.set({ open: on ? '1' : null })} />
      {me.role === 'manager' && <TeamOnlyToggle checked={teamOnly} onChange={(on) => lp.set({ team: on ? '1' : null })} />}
    </ListPage>
    {stageMove.lossReasonDialog}
    </DealHealthProvider>
  );
}
