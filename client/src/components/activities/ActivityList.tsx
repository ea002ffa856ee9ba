// Activities newest first, with task completion and delete for the people allowed to change them.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { relatedToTypeLabels } from '../../../../shared/schemas/activities';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatRelative } from '../../lib/format';
import { recordPath } from '../../lib/records';
import { canWrite, useSession } from '../../lib/session';
import { useActivityChanged } from '../../lib/useActivityChanged';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Button } from '../Button';
import { ConfirmDialog } from '../ConfirmDialog';
import type { InfiniteListQuery } from '../DataTable';
import { EmptyState, ErrorState } from '../States';
import { useToast } from '../Toaster';
import { activityTypeLabel } from './ActivityComposer';

export type ActivityItem = RouterOutputs['activities']['listByRelated']['items'][number];

const typeGlyph: Record<string, string> = { call: '☏', email: '✉', meeting: '◷', note: '✎', task: '☐' };
const providerLabel: Record<string, string> = { google: 'Gmail', microsoft: 'Outlook' };

/** Who was on a captured email or meeting: "Jane Doe → Priya Natarajan, Omar Ali", every address in the tooltip. */
function Participants({ item }: { item: ActivityItem }) {
  const people = item.participants ?? [];
  if (people.length === 0) return null;
  const name = (p: { email: string; name?: string }) => p.name || p.email;
  const from = people.filter((p) => p.role === 'from' || p.role === 'organizer');
  const rest = people.filter((p) => p.role !== 'from' && p.role !== 'organizer');
  const title = people.map((p) => `${p.role}: ${p.name ? `${p.name} <${p.email}>` : p.email}`).join('\n');
  return (
    <p className="activity__participants" title={title}>
      {from.length > 0 && <>{from.map(name).join(', ')} → </>}
      {rest.slice(0, 3).map(name).join(', ')}
      {rest.length > 3 && ` +${rest.length - 3}`}
    </p>
  );
}

export function ActivityRow({ item, showRelated }: { item: ActivityItem; showRelated: (item: ActivityItem) => boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const user = useSession();
  const [confirming, setConfirming] = useState(false);
  const mayChange = canWrite(user, item.ownerId);
  const activityChanged = useActivityChanged();
  const invalidate = () => activityChanged(item.relatedToType);

  const complete = useMutation(
    trpc.activities.update.mutationOptions({
      onSuccess: (a) => {
        toast.success(a.completedAt ? 'Task completed' : 'Task reopened');
        return invalidate();
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  const remove = useMutation(
    trpc.activities.delete.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        toast.success('Activity deleted');
        await invalidate();
      },
    }),
  );

  const isTask = item.type === 'task';
  const done = Boolean(item.completedAt);
  // The tick shows at once; the row settles when the server answers.
  const [ticked, setTicked] = useState<boolean | null>(null);
  const checked = ticked ?? done;
  const overdue = isTask && !done && item.dueAt && new Date(item.dueAt) < new Date();

  return (
    <li className={`activity activity--${item.type}${done ? ' activity--done' : ''}`}>
      <span className="activity__glyph" aria-hidden="true">
        {isTask && done ? '☑' : (typeGlyph[item.type] ?? '•')}
      </span>
      <div className="activity__main">
        <div className="activity__head">
          {isTask && mayChange ? (
            <label className="activity__task">
              <input
                type="checkbox"
                checked={checked}
                onChange={(e) => {
                  if (complete.isPending) return;
                  setTicked(e.target.checked);
                  complete.mutate({ id: item.id, completed: e.target.checked }, { onSettled: () => setTicked(null) });
                }}
              />
              <span className="activity__subject">{item.subject}</span>
            </label>
          ) : (
            <span className="activity__subject">{item.subject}</span>
          )}
          <span className="activity__type">{activityTypeLabel(item.type)}</span>
          {item.direction && <span className="activity__type">{item.direction}</span>}
          {item.provider && (
            <span
              className="activity__type"
              title={item.sharingLevel && item.sharingLevel !== 'full' && item.ownerId !== user.id ? `Captured from ${item.ownerName}'s mailbox, shared without ${item.sharingLevel === 'subject' ? 'the snippet' : 'subject or snippet'}` : `Captured from ${item.ownerName}'s mailbox`}
            >
              {providerLabel[item.provider] ?? item.provider}
            </span>
          )}
        </div>
        <Participants item={item} />
        {item.body && <p className="activity__body">{item.body}</p>}
        <div className="activity__meta">
          <span>{item.ownerName}</span>
          <span aria-hidden="true">·</span>
          <time dateTime={new Date(item.occurredAt).toISOString()} title={formatDateTime(item.occurredAt)}>
            {formatRelative(item.occurredAt)}
          </time>
          {isTask && item.dueAt && (
            <>
              <span aria-hidden="true">·</span>
              <span className={overdue ? 'text-danger' : undefined}>
                {done ? `Done ${formatRelative(item.completedAt)}` : `Due ${formatDateTime(item.dueAt)}`}
                {overdue ? ' (overdue)' : ''}
              </span>
            </>
          )}
          {showRelated(item) && (
            <>
              <span aria-hidden="true">·</span>
              <span>
                {relatedToTypeLabels[item.relatedTo.type]}{' '}
                {item.relatedTo.name ? (
                  <Link to={recordPath(item.relatedTo.type, item.relatedTo.id)}>{item.relatedTo.name}</Link>
                ) : (
                  <span className="muted-text">(removed)</span>
                )}
              </span>
            </>
          )}
          {mayChange && (
            <button type="button" className="link-btn activity__delete" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      </div>
      <ConfirmDialog
        open={confirming}
        title="Delete this activity?"
        message={`“${item.subject}” will be removed from every timeline.`}
        pending={remove.isPending}
        error={remove.error ? errorMessage(remove.error) : null}
        onConfirm={() => remove.mutate({ id: item.id })}
        onCancel={() => {
          setConfirming(false);
          remove.reset();
        }}
      />
    </li>
  );
}

export function ActivityList({
  query,
  showRelatedExcept,
  emptyText = 'No activity yet. Log a call, a note or a task above.',
}: {
  query: InfiniteListQuery<ActivityItem>;
  /** On a timeline spanning several records: name each item's record, except this one (the page's own). */
  showRelatedExcept?: { type: string; id: number };
  emptyText?: string;
}) {
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  const showRelated = (item: ActivityItem) =>
    showRelatedExcept !== undefined &&
    !(item.relatedTo.type === showRelatedExcept.type && item.relatedTo.id === showRelatedExcept.id);
  if (query.isPending) {
    return (
      <div className="activity-skeleton" aria-label="Loading activities" role="status">
        {[0, 1, 2].map((i) => (
          <div key={i} className="skeleton" style={{ width: `${80 - i * 15}%` }} />
        ))}
      </div>
    );
  }
  if (query.isError && items.length === 0) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  if (items.length === 0) return <EmptyState title="Nothing logged" description={emptyText} />;
  return (
    <>
      <ul className="activity-list" aria-label="Activities">
        {items.map((item) => (
          <ActivityRow key={item.id} item={item} showRelated={showRelated} />
        ))}
      </ul>
      {query.hasNextPage && (
        <div className="activity-list__more">
          <Button size="sm" onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
            Show older
          </Button>
        </div>
      )}
    </>
  );
}
