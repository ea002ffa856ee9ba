// A record's related list on its detail page: a panel with the count, a button to add one, and a compact table.
import { ButtonLink } from './Button';
import { type Column, DataTable, type InfiniteListQuery } from './DataTable';
import { Icon } from './Icon';
import { Panel } from './Panel';

export function RelatedListPanel<T>({
  title,
  tableLabel,
  add,
  query,
  columns,
  rowHref,
  rowClassName,
  skeletonRows,
  empty,
}: {
  title: string;
  /** The table's accessible name ("Contacts of this account"). */
  tableLabel: string;
  /** The button in the panel's header that creates a related record. */
  add: { to: string; label: string };
  query: InfiniteListQuery<T>;
  columns: Column<T>[];
  rowHref: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  skeletonRows: number;
  empty: { title: string; description: string };
}) {
  const count = query.data?.pages.reduce((n, p) => n + p.items.length, 0);
  return (
    <Panel
      title={title}
      // Only a complete count: while more pages wait on the server, "Load more" says how many are shown.
      count={query.hasNextPage ? undefined : count}
      flush
      actions={
        <ButtonLink to={add.to} size="sm" variant="ghost">
          <Icon name="plus" /> {add.label}
        </ButtonLink>
      }
    >
      <DataTable
        label={tableLabel}
        columns={columns}
        query={query}
        rowHref={rowHref}
        rowClassName={rowClassName}
        compact
        skeletonRows={skeletonRows}
        empty={empty}
      />
    </Panel>
  );
}
