// Tables of records: sortable headers bound to a list's sort/sortDirection, keyset "Load more",
// skeleton rows while loading, an empty state with a call to action, and an error state.
import type { InfiniteData } from '@tanstack/react-query';
import type { MouseEvent, ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { Button } from './Button';
import { EditableCell, type InlineEdit } from './EditableCell';
import { EmptyState, ErrorState } from './States';

export interface Column<T> {
  key: string;
  header: string;
  cell: (row: T) => ReactNode;
  /** The list procedure's `sort` value for this column; sortable when set. */
  sortKey?: string;
  align?: 'left' | 'right';
  width?: string;
  /** Shown on the phone-width card; when no column says, the card has the first few. */
  card?: boolean;
  /** Edited in place when the table's canEditRow allows the row. */
  edit?: InlineEdit<T>;
}

export type SortDirection = 'asc' | 'desc';

export interface SortState {
  sort: string;
  sortDirection: SortDirection;
  onSort: (sort: string, sortDirection: SortDirection) => void;
}

interface PageLike<T> {
  items: T[];
  nextCursor: string | null;
}

/** The part of useInfiniteQuery's result the table reads. */
export interface InfiniteListQuery<T> {
  data: InfiniteData<PageLike<T>, unknown> | undefined;
  isPending: boolean;
  isError: boolean;
  error: unknown;
  refetch: () => unknown;
  hasNextPage: boolean;
  fetchNextPage: () => unknown;
  isFetchingNextPage: boolean;
  isFetching?: boolean;
}

interface EmptyConfig {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
}

/** Rows chosen for a bulk change: a checkbox per row and one in the header for every loaded row. */
export interface Selection {
  selected: ReadonlySet<number>;
  onChange: (next: Set<number>) => void;
  /** How a row is named for its checkbox ("Select Globex – rollout"). */
  rowLabel: (row: unknown) => string;
}

interface TableViewProps<T> {
  label: string;
  columns: Column<T>[];
  rows: T[];
  loading: boolean;
  error?: unknown;
  onRetry?: () => void;
  empty: EmptyConfig;
  sort?: SortState;
  rowHref?: (row: T) => string;
  rowKey?: (row: T) => string | number;
  rowClassName?: (row: T) => string | undefined;
  footer?: ReactNode;
  skeletonRows?: number;
  compact?: boolean;
  selection?: Selection;
  /** Rows the user may change get their columns' inline edits; others are read-only. */
  canEditRow?: (row: T) => boolean;
}

/** At phone width a row is a card of its first fields (the name, then the key facts). */
const CARD_FIELDS = 5;
const onCard = <T,>(columns: Column<T>[], i: number) =>
  columns.some((c) => c.card !== undefined) ? i === 0 || columns[i]!.card === true : i < CARD_FIELDS;

const defaultKey = (row: unknown) => (row as { id: string | number }).id;

function SortHeader<T>({ column, sort }: { column: Column<T>; sort?: SortState }) {
  if (!column.sortKey || !sort) return <>{column.header}</>;
  const active = sort.sort === column.sortKey;
  const next: SortDirection = active && sort.sortDirection === 'asc' ? 'desc' : 'asc';
  return (
    <button
      type="button"
      className={`th-sort${active ? ' th-sort--active' : ''}`}
      onClick={() => sort.onSort(column.sortKey!, active ? next : 'asc')}
      title={`Sort by ${column.header}`}
    >
      {column.header}
      <span className="th-sort__icon" aria-hidden="true">
        {active ? (sort.sortDirection === 'asc' ? '↑' : '↓') : '↕'}
      </span>
    </button>
  );
}

export function TableView<T>({
  label,
  columns,
  rows,
  loading,
  error,
  onRetry,
  empty,
  sort,
  rowHref,
  rowKey = defaultKey,
  rowClassName,
  footer,
  skeletonRows = 8,
  compact = false,
  selection,
  canEditRow,
}: TableViewProps<T>) {
  const navigate = useNavigate();

  if (error) return <ErrorState error={error} onRetry={onRetry} />;
  if (!loading && rows.length === 0) return <EmptyState {...empty} />;

  // A click anywhere on the row opens the record; links and buttons inside it keep their own behaviour.
  const onRowClick = (row: T) => (e: MouseEvent<HTMLTableRowElement>) => {
    if (!rowHref) return;
    if ((e.target as HTMLElement).closest('a, button, input, select, label, .cell-editable, .cell-editing')) return;
    if (window.getSelection()?.toString()) return;
    if (e.metaKey || e.ctrlKey) window.open(rowHref(row), '_blank');
    else navigate(rowHref(row));
  };

  return (
    <div className="table-wrap">
      <table className={`table${compact ? ' table--compact' : ''}`} aria-label={label} aria-busy={loading || undefined}>
        <thead>
          <tr>
            {selection && (
              <th scope="col" className="table__select">
                <input
                  type="checkbox"
                  aria-label="Select all shown"
                  checked={rows.length > 0 && rows.every((r) => selection.selected.has(Number(rowKey(r))))}
                  onChange={(e) => selection.onChange(new Set(e.target.checked ? rows.map((r) => Number(rowKey(r))) : []))}
                />
              </th>
            )}
            {columns.map((c) => (
              <th
                key={c.key}
                scope="col"
                style={{ width: c.width, textAlign: c.align }}
                aria-sort={
                  sort && c.sortKey && sort.sort === c.sortKey
                    ? sort.sortDirection === 'asc'
                      ? 'ascending'
                      : 'descending'
                    : undefined
                }
              >
                <SortHeader column={c} sort={sort} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {loading
            ? Array.from({ length: skeletonRows }, (_, i) => (
                <tr key={`skeleton-${i}`} className="table__skeleton-row" aria-hidden="true">
                  {selection && <td className="table__select" />}
                  {columns.map((c) => (
                    <td key={c.key}>
                      <div className="skeleton" style={{ width: `${45 + ((i * 7 + c.key.length * 13) % 45)}%` }} />
                    </td>
                  ))}
                </tr>
              ))
            : rows.map((row) => (
                <tr
                  key={rowKey(row)}
                  className={[rowHref ? 'table__row--link' : '', rowClassName?.(row) ?? ''].join(' ').trim() || undefined}
                  onClick={rowHref ? onRowClick(row) : undefined}
                  aria-selected={selection ? selection.selected.has(Number(rowKey(row))) : undefined}
                >
                  {selection && (
                    <td className="table__select">
                      <input
                        type="checkbox"
                        aria-label={`Select ${selection.rowLabel(row)}`}
                        checked={selection.selected.has(Number(rowKey(row)))}
                        onChange={(e) => {
                          const next = new Set(selection.selected);
                          const id = Number(rowKey(row));
                          if (e.target.checked) next.add(id);
                          else next.delete(id);
                          selection.onChange(next);
                        }}
                      />
                    </td>
                  )}
                  {columns.map((c, i) => (
                    // data-label and the extra class shape the phone-width card (styles.css): key fields only.
                    <td key={c.key} style={{ textAlign: c.align }} data-label={c.header} className={onCard(columns, i) ? undefined : 'table__cell--extra'}>
                      {c.edit && canEditRow?.(row) ? (
                        <EditableCell row={row} edit={c.edit}>
                          {c.cell(row)}
                        </EditableCell>
                      ) : (
                        c.cell(row)
                      )}
                    </td>
                  ))}
                </tr>
              ))}
        </tbody>
      </table>
      {footer}
    </div>
  );
}

/** A list procedure's pages as one table, with "Load more" while the server has a next cursor. */
export function DataTable<T>({
  query,
  ...props
}: Omit<TableViewProps<T>, 'rows' | 'loading' | 'error' | 'onRetry' | 'footer'> & { query: InfiniteListQuery<T> }) {
  const rows = query.data?.pages.flatMap((p) => p.items) ?? [];
  // A compact table sits in a panel that shows the count already: only "Load more" needs a footer there.
  const footer =
    rows.length > 0 && (!props.compact || query.hasNextPage) ? (
      <div className="table-footer">
        <span className="muted-text">
          {rows.length.toLocaleString()} {rows.length === 1 ? 'record' : 'records'}
          {query.hasNextPage ? ' shown' : ''}
        </span>
        {query.hasNextPage && (
          <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
            Load more
          </Button>
        )}
      </div>
    ) : null;
  return (
    <TableView
      {...props}
      rows={rows}
      loading={query.isPending}
      error={query.isError && rows.length === 0 ? query.error : undefined}
      onRetry={() => void query.refetch()}
      footer={footer}
    />
  );
}
