// Contacts: the people at our accounts.
import { viewFilters } from '../../../shared/viewFilters';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { contactSorts } from '../../../shared/schemas/contacts';
import type { Column } from '../components/DataTable';
import { SavedViews } from '../components/SavedViews';
import { withEdits } from '../components/EditableCell';
import { useOwnerCellEdit } from '../components/OwnerSelect';
import { canWrite, useSession } from '../lib/session';
import { usePicklistValues } from '../lib/picklists';
import { picklistOptions, useInlineSave } from '../lib/useInlineSave';
import { ListPage } from '../components/ListPage';
import { exportHref } from '../lib/exports';
import { formatDate, formatRelative, fullName } from '../lib/format';
import { useListParams } from '../lib/useListParams';
import { type RouterOutputs, useTRPC } from '../trpc';

type Contact = RouterOutputs['contacts']['list']['items'][number];

const dash = <span className="muted-text">—</span>;

const baseColumns: Column<Contact>[] = [
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
  { key: 'role', header: 'Buying role', cell: (c) => c.role ?? dash },
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
  const me = useSession();
  const buyingRoles = usePicklistValues('buyingRole');
  const saveContact = useInlineSave(trpc.contacts.update.mutationOptions(), trpc.contacts.pathFilter());
  const ownerEdit = useOwnerCellEdit<Contact>(saveContact);
  // Rows the user may not edit show plain text (canEditRow); the server checks again on save.
  const columns = withEdits(baseColumns, {
    title: {
      field: 'title',
      label: 'Title',
      input: 'text',
      value: (c) => c.title ?? '',
      save: (c, v) => saveContact({ id: c.id, version: c.version, title: v }),
    },
    role: {
      field: 'role',
      label: 'Buying role',
      input: { options: picklistOptions(buyingRoles) },
      value: (c) => c.role ?? '',
      save: (c, v) => saveContact({ id: c.id, version: c.version, role: v }),
    },
    phone: {
      field: 'phone',
      label: 'Phone',
      input: 'text',
      value: (c) => c.phone ?? '',
      save: (c, v) => saveContact({ id: c.id, version: c.version, phone: v }),
    },
    owner: ownerEdit,
  });
  const lp = useListParams({ sorts: contactSorts, defaultSort: 'lastName' });
  // The URL read as the list's filters the same way a segment playbook reads a saved view (shared/viewFilters.ts).
  const listInput = { ...lp.listInput, ...viewFilters.contacts(Object.fromEntries(lp.params)) };
  const query = useInfiniteQuery(
    trpc.contacts.list.infiniteQueryOptions(listInput, { getNextPageParam: (page) => page.nextCursor }),
  );

  return (
    <ListPage
      exportHref={exportHref('contacts', listInput)}
      title="Contacts"
      newRecord={{ to: '/contacts/new', label: 'New contact' }}
      list={lp}
      views={<SavedViews list="contacts" builtIn={[{ name: 'My contacts', params: { owner: me.id } }]} />}
      searchPlaceholder="Search name or email…"
      columns={columns}
      bulk={{ list: 'contacts', noun: 'contact', nameOf: (c) => fullName(c), deleteNote: 'They are removed for good; deals and cases that named them keep going without them.' }}
      query={query}
      canEditRow={(c) => canWrite(me, c.ownerId)}
      rowHref={(c) => `/contacts/${c.id}`}
      empty={{ title: 'No contacts yet', description: 'Add the people you talk to at your accounts.' }}
      noMatches={{ title: 'No contacts match these filters', description: 'Try a different search or owner.' }}
    />
  );
}
