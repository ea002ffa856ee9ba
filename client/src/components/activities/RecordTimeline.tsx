// One timeline per record (timeline.record): activities, stage moves and field changes from the audit log,
// newest first, with the composer on top. Scrolling to the end reads the next page; "Show older" does too.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import type { RelatedToType } from '../../../../shared/enums';
import type { TimelineKind } from '../../../../shared/schemas/timeline';
import { formatDate, formatDateTime, formatMoney, formatRelative } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Panel } from '../Panel';
import { EmptyState, ErrorState } from '../States';
import { ActivityComposer } from './ActivityComposer';
import { ActivityRow } from './ActivityList';

type TimelineItem = RouterOutputs['timeline']['record']['items'][number];
type ChangeItem = Extract<TimelineItem, { kind: 'change' }>;

const filters: { value: 'all' | TimelineKind; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'activity', label: 'Activities' },
  { value: 'change', label: 'Changes' },
];

const recordWord: Record<RelatedToType, string> = {
  account: 'account',
  contact: 'contact',
  lead: 'lead',
  opportunity: 'deal',
  project: 'project',
  case: 'case',
};

const moneyFields = new Set(['amount']);

function shown(field: string, value: string | null) {
  if (value === null) return <span className="muted-text">empty</span>;
  if (moneyFields.has(field)) return formatMoney(value, { cents: true });
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value);
  return value;
}

function ChangeRow({ item, type }: { item: ChangeItem; type: RelatedToType }) {
  const who = item.actorName ?? 'Tru-CRM';
  const headline = item.action === 'create' ? `${who} created this ${recordWord[type]}` : item.stage ? `${who} moved the stage` : `${who} changed ${item.changes.length === 1 ? item.changes[0]!.label.toLowerCase() : `${item.changes.length} fields`}`;
  return (
    <li className={`activity activity--change${item.stage ? ' activity--stage' : ''}`}>
      <span className="activity__glyph" aria-hidden="true">
        {item.action === 'create' ? '+' : item.stage ? '→' : '✱'}
      </span>
      <div className="activity__main">
        <div className="activity__head">
          <span className="activity__subject">{headline}</span>
          {item.stage && (
            <span className="change__stage">
              {item.stage.from ?? 'none'} <span aria-label="to">→</span> {item.stage.to}
            </span>
          )}
        </div>
        {item.changes.length > 0 && (
          <dl className="change__fields">
            {item.changes.map((c) => (
              <div key={c.field} className="change__field">
                <dt>{c.label}</dt>
                <dd>
                  <span className="change__from">{shown(c.field, c.from)}</span>
                  <span aria-label="to"> → </span>
                  <span className="change__to">{shown(c.field, c.to)}</span>
                </dd>
              </div>
            ))}
          </dl>
        )}
        <div className="activity__meta">
          <time dateTime={new Date(item.at).toISOString()} title={formatDateTime(item.at)}>
            {formatRelative(item.at)}
          </time>
        </div>
      </div>
    </li>
  );
}

/** Reads the next page when the end of the list scrolls into view. */
function useLoadMoreWhenVisible(enabled: boolean, loadMore: () => void) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) loadMore();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [enabled, loadMore]);
  return ref;
}

export function RecordTimeline({ type, id, title = 'Timeline' }: { type: RelatedToType; id: number; title?: string }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<'all' | TimelineKind>('all');
  const query = useInfiniteQuery({
    ...trpc.timeline.record.infiniteQueryOptions(
      { type, id, limit: 20, ...(filter === 'all' ? {} : { kinds: [filter] }) },
      { getNextPageParam: (page) => page.nextCursor },
    ),
    // Edits elsewhere (a form, the board, a bulk change) land here when the page is opened again.
    staleTime: 0,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const canLoadMore = query.hasNextPage && !query.isFetchingNextPage;
  const sentinel = useLoadMoreWhenVisible(Boolean(canLoadMore), () => void query.fetchNextPage());
  const showRelated = (item: { relatedTo: { type: string; id: number } }) =>
    type === 'account' && !(item.relatedTo.type === type && item.relatedTo.id === id);

  return (
    <Panel title={title}>
      <ActivityComposer relatedToType={type} relatedToId={id} />
      <div className="segmented timeline__filter" role="radiogroup" aria-label="Show on the timeline">
        {filters.map((f) => (
          <button
            key={f.value}
            type="button"
            role="radio"
            aria-checked={filter === f.value}
            className={`segmented__item${filter === f.value ? ' segmented__item--active' : ''}`}
            onClick={() => setFilter(f.value)}
          >
            {f.label}
          </button>
        ))}
      </div>
      {query.isPending ? (
        <div className="activity-skeleton" aria-label="Loading the timeline" role="status">
          {[0, 1, 2].map((i) => (
            <div key={i} className="skeleton" style={{ width: `${80 - i * 15}%` }} />
          ))}
        </div>
      ) : query.isError && items.length === 0 ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : items.length === 0 ? (
        <EmptyState
          title={filter === 'change' ? 'No changes yet' : 'Nothing logged'}
          description={filter === 'change' ? 'Edits to this record show here, with who made them.' : 'Log a call, a note or a task above.'}
        />
      ) : (
        <>
          <ul className="activity-list" aria-label="Timeline">
            {items.map((item) =>
              item.kind === 'activity' ? (
                <ActivityRow key={item.key} item={item.activity} showRelated={showRelated} />
              ) : (
                <ChangeRow key={item.key} item={item} type={type} />
              ),
            )}
          </ul>
          {query.hasNextPage && (
            <div className="activity-list__more" ref={sentinel}>
              <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
                Show older
              </Button>
            </div>
          )}
        </>
      )}
    </Panel>
  );
}
