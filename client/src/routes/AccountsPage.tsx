// Accounts: the companies we sell to.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { accountSorts } from '../../../shared/schemas/accounts';
import type { Column } from '../components/DataTable';
import { PicklistFilter } from '../components/PicklistField';
import { SavedViews } from '../components/SavedViews';
import { withEdits } from '../components/EditableCell';
import { useOwnerCellEdit } from '../components/OwnerSelect';
import { canWrite, useSession } from '../lib/session';
import { usePicklistValues } from '../lib/picklists';
import { picklistOptions, useInlineSave } from '../lib/useInlineSave';
import { ListPage } from '../components/ListPage';
import { exportHref } from '../lib/exports';
import { formatDate, formatRelative } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Account = RouterOutputs['accounts']['list']['items'][number];

const baseColumns: Column<Account>[] = [
  {
    key: 'name',
    header: 'Account',
    sortKey: 'accountName',
    cell: (a) => (
      <Link to={`/accounts/${a.id}`} className="cell-primary">
        {a.accountName}
      </Link>
    ),
  },
  { key: 'domain', header: 'Domain', cell: (a) => a.domain ?? <span className="muted-text">—</span> },
  { key: 'industry', header: 'Industry', cell: (a) => a.industry ?? <span className="muted-text">—</span> },
  { key: 'region', header: 'Region', cell: (a) => a.region ?? <span className="muted-text">—</span> },
  { key: 'owner', header: 'Owner', cell: (a) => a.ownerName },
  {
    key: 'lastActivity',
    header: 'Last activity',
    sortKey: 'lastActivityAt',
    cell: (a) => <span title={formatDate(a.lastActivityAt)}>{formatRelative(a.lastActivityAt)}</span>,
  },
  { key: 'created', header: 'Created', sortKey: 'createdAt', cell: (a) => formatDate(a.createdAt) },
];

export default function AccountsPage() {
  const trpc = useTRPC();
  const me = useSession();
  const industries = usePicklistValues('industry');
  const regions = usePicklistValues('region');
  const saveAccount = useInlineSave(trpc.accounts.update.mutationOptions(), trpc.accounts.pathFilter());
  const ownerEdit = useOwnerCellEdit<Account>(saveAccount);
  // Rows the user may not edit show plain text (canEditRow); the server checks again on save.
  const columns = withEdits(baseColumns, {
    domain: {
      field: 'domain',
      label: 'Domain',
      input: 'text',
      value: (a) => a.domain ?? '',
      save: (a, v) => saveAccount({ id: a.id, version: a.version, domain: v }),
    },
    industry: {
      field: 'industry',
      label: 'Industry',
      input: { options: picklistOptions(industries) },
      value: (a) => a.industry ?? '',
      save: (a, v) => saveAccount({ id: a.id, version: a.version, industry: v }),
    },
    region: {
      field: 'region',
      label: 'Region',
      input: { options: picklistOptions(regions) },
      value: (a) => a.region ?? '',
      save: (a, v) => saveAccount({ id: a.id, version: a.version, region: v }),
    },
    owner: ownerEdit,
  });
  const lp = useListParams({ sorts: accountSorts, defaultSort: 'accountName' });
  const listInput = { ...lp.listInput, industry: lp.get('industry') || undefined };
  const query = useInfiniteQuery(
    trpc.accounts.list.infiniteQueryOptions(
      listInput,
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  return (
    <ListPage
      exportHref={exportHref('accounts', listInput)}
      title="Accounts"
      newRecord={{ to: '/accounts/new', label: 'New account' }}
      list={lp}
      views={<SavedViews list="accounts" builtIn={[{ name: 'My accounts', params: { owner: me.id } }]} />}
      searchPlaceholder="Search name or domain…"
      columns={columns}
      bulk={{ list: 'accounts', noun: 'account', nameOf: (a) => a.accountName, deleteNote: 'They disappear from lists and searches; their child accounts move to the top level.' }}
      query={query}
      canEditRow={(a) => canWrite(me, a.ownerId)}
      rowHref={(a) => `/accounts/${a.id}`}
      empty={{ title: 'No accounts yet', description: 'Accounts are the companies you sell to. Add the first one.' }}
      noMatches={{ title: 'No accounts match these filters', description: 'Try a different search, owner or industry.' }}
    >
      <PicklistFilter picklist="industry" label="Industry" allLabel="Any industry" value={lp.get('industry')} onChange={(v) => lp.set({ industry: v })} />
    </ListPage>
  );
}
