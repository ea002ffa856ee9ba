// The frame of a record list screen: the title with its "New …" button, the filter row bound to the URL,
// and the table, whose empty state tells "nothing here yet" from "nothing matches these filters".
import { type ReactNode, useEffect, useState } from 'react';
import { useLocation } from 'react-router';
import type { ListParams } from '../lib/useListParams';
import { BulkBar, type BulkConfig } from './BulkBar';
import { ButtonLink } from './Button';
import { ColumnChooser, useHiddenColumns } from './ColumnChooser';
import { type Column, DataTable, type InfiniteListQuery, type Selection } from './DataTable';
import { FilterBar } from './FilterBar';
import { Icon } from './Icon';
import { PageHeader } from './PageHeader';

interface EmptyText {
  title: string;
  description: string;
}

export function ListPage<T>({
  title,
  newRecord,
  actions,
  list,
  searchPlaceholder,
  children,
  columns,
  query,
  rowHref,
  rowClassName,
  empty,
  noMatches,
  exportHref,
  views,
  bulk,
  canEditRow,
}: {
  /** The screen's heading and the table's accessible name. */
  title: string;
  /** The primary "New …" button, in the header and in the empty state. */
  newRecord: { to: string; label: string };
  /** Header actions before the "New …" button. */
  actions?: ReactNode;
  list: Pick<ListParams, 'search' | 'ownerId' | 'set' | 'hasFilters' | 'clearFilters' | 'sortState'>;
  searchPlaceholder: string;
  /** Filter selects after the search box and owner filter. */
  children?: ReactNode;
  columns: Column<T>[];
  query: InfiniteListQuery<T>;
  rowHref: (row: T) => string;
  rowClassName?: (row: T) => string | undefined;
  /** Shown before the first record exists, with the "New …" button. */
  empty: EmptyText;
  /** Shown when the filters match no record. */
  noMatches: EmptyText;
  /** GET /api/exports/<entity>.csv with this list's filters: every matching row, not only the loaded pages. */
  exportHref?: string;
  /** The saved views row above the filters. */
  views?: ReactNode;
  /** Row selection with the shared bulk bar (reassign, status fields, delete) for this record type. */
  bulk?: BulkConfig & { nameOf: (row: T) => string };
  /** Rows the user may change: their columns' inline edits are on. */
  canEditRow?: (row: T) => boolean;
}) {
  const [selected, setSelected] = useState<Set<number>>(new Set());
  // Other filters are other rows: the selection does not carry over.
  const { search } = useLocation();
  useEffect(() => setSelected(new Set()), [search]);
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  const [hidden, setHidden] = useHiddenColumns(title.toLowerCase());
  const shown = columns.filter((c, i) => i === 0 || !hidden.has(c.key));
  const selection: Selection | undefined = bulk && {
    selected,
    onChange: setSelected,
    rowLabel: (row) => bulk.nameOf(row as T),
  };
  const bulkBar = bulk && (
    <BulkBar
      config={bulk}
      selected={selected}
      names={new Map(rows.map((r) => [(r as { id: number }).id, bulk.nameOf(r)]))}
      onDone={setSelected}
    />
  );
  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {exportHref && (
              <a className="btn btn--secondary" href={exportHref} download>
                Export CSV
              </a>
            )}
            {actions}
            <ColumnChooser columns={columns} hidden={hidden} onChange={setHidden} />
            <ButtonLink to={newRecord.to} variant="primary">
              <Icon name="plus" /> {newRecord.label}
            </ButtonLink>
          </>
        }
      />
      {views}
      <FilterBar
        search={list.search}
        onSearch={(q) => list.set({ q })}
        searchPlaceholder={searchPlaceholder}
        ownerId={list.ownerId}
        onOwner={(owner) => list.set({ owner })}
        hasFilters={list.hasFilters}
        onClear={list.clearFilters}
      >
        {children}
      </FilterBar>
      {bulkBar}
      <DataTable
        selection={selection}
        canEditRow={canEditRow}
        label={title}
        columns={shown}
        query={query}
        sort={list.sortState}
        rowHref={rowHref}
        rowClassName={rowClassName}
        empty={
          list.hasFilters
            ? noMatches
            : {
                ...empty,
                action: (
                  <ButtonLink to={newRecord.to} variant="primary">
                    {newRecord.label}
                  </ButtonLink>
                ),
              }
        }
      />
    </>
  );
}
