// Tasks: the signed-in user's (or anyone's) tasks, filtered by status, due window and record type.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { relatedToTypes } from '../../../shared/enums';
import { relatedToTypeLabels } from '../../../shared/schemas/activities';
import type { TaskDueWindow } from '../../../shared/schemas/tasks';
import { Button } from '../components/Button';
import { FilterSelect } from '../components/FilterBar';
import { Icon } from '../components/Icon';
import { OwnerFilter } from '../components/OwnerSelect';
import { PageHeader } from '../components/PageHeader';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { TaskRow } from '../components/tasks/TaskRow';
import { openNewTask } from '../lib/newTask';
import { useSession } from '../lib/session';
import { useTRPC } from '../trpc';

const ANYONE = 'anyone';

export default function TasksPage() {
  const trpc = useTRPC();
  const me = useSession();
  const [params, setParams] = useSearchParams();
  // The URL holds the filters, so a filtered list can be shared and survives a reload.
  const ownerParam = params.get('owner');
  const ownerId = ownerParam === ANYONE ? undefined : (ownerParam ?? me.id);
  const status = params.get('status') === 'done' ? 'done' : 'open';
  const due = (['overdue', 'today', 'upcoming'] as const).find((d) => d === params.get('due')) as TaskDueWindow | undefined;
  const relatedToType = relatedToTypes.find((t) => t === params.get('type'));
  const set = (key: string, value: string | undefined) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );

  const query = useInfiniteQuery(
    trpc.tasks.list.infiniteQueryOptions(
      { ownerId, status, due: status === 'open' ? due : undefined, relatedToType, limit: 50 },
      { getNextPageParam: (page) => page.nextCursor },
    ),
  );
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <>
      <PageHeader
        title="Tasks"
        actions={
          <Button variant="primary" onClick={openNewTask}>
            <Icon name="plus" /> New task
          </Button>
        }
      />
      <div className="filter-bar" role="search" aria-label="Filter tasks">
        <OwnerFilter value={ownerParam === ANYONE ? '' : (ownerId ?? '')} onChange={(v) => set('owner', v === '' ? ANYONE : v === me.id ? undefined : v)} />
        <FilterSelect
          label="Status"
          value={status === 'done' ? 'done' : ''}
          allLabel="Open"
          options={[{ value: 'done', label: 'Done' }]}
          onChange={(v) => set('status', v || undefined)}
        />
        {status === 'open' && (
          <FilterSelect
            label="Due"
            value={due ?? ''}
            allLabel="Any due date"
            options={[
              { value: 'overdue', label: 'Overdue' },
              { value: 'today', label: 'Due today' },
              { value: 'upcoming', label: 'Upcoming' },
            ]}
            onChange={(v) => set('due', v || undefined)}
          />
        )}
        <FilterSelect
          label="Record type"
          value={relatedToType ?? ''}
          allLabel="Any record"
          options={relatedToTypes.map((t) => ({ value: t, label: relatedToTypeLabels[t] }))}
          onChange={(v) => set('type', v || undefined)}
        />
      </div>
      <section className="panel" aria-label="Task list">
        <div className="panel__body">
          {query.isPending ? (
            <DetailSkeleton />
          ) : query.isError ? (
            <ErrorState error={query.error} onRetry={() => void query.refetch()} />
          ) : items.length === 0 ? (
            <EmptyState
              title={status === 'done' ? 'No completed tasks here' : 'No open tasks here'}
              description="Add one with New task (or N), or change the filters."
            />
          ) : (
            <ul className="task-list">
              {items.map((t) => (
                <TaskRow key={t.id} task={t} showOwner={ownerId !== me.id} />
              ))}
            </ul>
          )}
          {query.hasNextPage && (
            <div className="load-more">
              <Button onClick={() => void query.fetchNextPage()} pending={query.isFetchingNextPage}>
                Show more
              </Button>
            </div>
          )}
        </div>
      </section>
    </>
  );
}
