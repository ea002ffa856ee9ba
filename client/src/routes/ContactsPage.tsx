// Contacts: the people at our accounts.
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { contactSorts } from '../../../shared/schemas/contacts';
import { ButtonLink } from '../components/Button';
import { type Column, DataTable } from '../components/DataTable';
import { FilterBar } from '../components/FilterBar';
import { Icon } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { formatDate, formatRelative, fullName } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Contact = RouterOutputs['contacts']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const columns: Column<Contact>[] = [
  {
    key: 'name',
    header: 'Name',
    sortKey: 'lastName',
    cell: (c) => (
      <Link to={`/contacts/${c.id}`} className="cell-primary">
        {fullName(c)}
      </Link>
    ),
  },
  { key: 'title', header: 'Title', cell: (c) => c.title ?? dash },
  {
    key: 'account',
    header: 'Account',
    cell: (c) => (c.accountId && c.accountName ? <Link to={`/accounts/${c.accountId}`}>{c.accountName}</Link> : dash),
  },
  { key: 'email', header: 'Email', cell: (c) => (c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : dash) },
  { key: 'phone', header: 'Phone', cell: (c) => c.phone ?? dash },
  { key: 'owner', header: 'Owner', cell: (c) => c.ownerName },
  {
    key: 'lastActivity',
    header: 'Last activity',
    sortKey: 'lastActivityAt',
    cell: (c) => <span title={formatDate(c.lastActivityAt)}>{formatRelative(c.lastActivityAt)}</span>,
  },
];

export default function ContactsPage() {
  const trpc = useTRPC();
  const lp = useListParams({ sorts: contactSorts, defaultSort: 'lastName' });
  const query = useInfiniteQuery(
    trpc.contacts.list.infiniteQueryOptions(
      {
        search: lp.search || undefined,
        ownerId: lp.ownerId || undefined,
        sort: lp.sort,
        sortDirection: lp.sortDirection,
        limit: 50,
      },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );

  return (
    <>
      <PageHeader
        title="Contacts"
        actions={
          <ButtonLink to="/contacts/new" variant="primary">
            <Icon name="plus" /> New contact
          </ButtonLink>
        }
      />
      <FilterBar
        search={lp.search}
        onSearch={(q) => lp.set({ q })}
        searchPlaceholder="Search name or email…"
        ownerId={lp.ownerId}
        onOwner={(owner) => lp.set({ owner })}
        hasFilters={lp.hasFilters}
        onClear={lp.clearFilters}
      />
      <DataTable
        label="Contacts"
        columns={columns}
        query={query}
        sort={lp.sortState}
        rowHref={(c) => `/contacts/${c.id}`}
        empty={
          lp.hasFilters
            ? { title: 'No contacts match these filters', description: 'Try a different search or owner.' }
            : {
                title: 'No contacts yet',
                description: 'Add the people you talk to at your accounts.',
                action: (
                  <ButtonLink to="/contacts/new" variant="primary">
                    New contact
                  </ButtonLink>
                ),
              }
        }
      />
    </>
  );
}
