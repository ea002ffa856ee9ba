// One task with what a person does to it: tick it done, snooze it (tomorrow, next week) or move it to a day.
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { relatedToTypeLabels } from '../../../../shared/schemas/activities';
import { errorMessage } from '../../lib/errors';
import { formatDateTime, formatRelative, toDateInput } from '../../lib/format';
import { recordPath } from '../../lib/records';
import { canWrite, useSession } from '../../lib/session';
import { nextMondayAt9, onDate, tomorrowAt9 } from '../../lib/taskDates';
import { useActivityChanged } from '../../lib/useActivityChanged';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Button } from '../Button';
import { useToast } from '../Toaster';

export type TaskItem = RouterOutputs['tasks']['list']['items'][number];

export function TaskRow({ task, showOwner = false }: { task: TaskItem; showOwner?: boolean }) {
  const trpc = useTRPC();
  const toast = useToast();
  const me = useSession();
  const activityChanged = useActivityChanged();
  const mayChange = canWrite(me, task.ownerId);
  const [menu, setMenu] = useState<'closed' | 'snooze' | 'date'>('closed');
  const [date, setDate] = useState(toDateInput(task.dueAt ?? new Date()));
  const update = useMutation(
    trpc.activities.update.mutationOptions({
      onSuccess: async (saved) => {
        await activityChanged(task.relatedToType);
        toast.success(saved.completedAt ? `Done: ${saved.subject}` : `Moved to ${formatDateTime(saved.dueAt)}`);
        setMenu('closed');
      },
      onError: (e) => toast.error(errorMessage(e)),
    }),
  );
  // The tick shows at once; the row leaves the list when the server has answered.
  const [ticked, setTicked] = useState(false);
  const done = Boolean(task.completedAt) || ticked;
  const overdue = !task.completedAt && task.dueAt && new Date(task.dueAt) < new Date();
  const moveTo = (when: Date) => update.mutate({ id: task.id, dueAt: when });
  const menuId = `task-${task.id}-menu`;

  return (
    <li className={`task${done ? ' task--done' : ''}`}>
      <input
        type="checkbox"
        className="task__check"
        aria-label={`Complete “${task.subject}”`}
        checked={done}
        disabled={!mayChange || update.isPending || Boolean(task.completedAt)}
        onChange={() => {
          setTicked(true);
          update.mutate({ id: task.id, completed: true }, { onError: () => setTicked(false) });
        }}
      />
      <div className="task__main">
        <div className="task__subject">{task.subject}</div>
        <div className="task__meta">
          <span className={overdue ? 'text-danger' : undefined} title={formatDateTime(task.dueAt)}>
            {task.completedAt
              ? `Done ${formatRelative(task.completedAt)}`
              : overdue
                ? `Overdue · due ${formatRelative(task.dueAt)}`
                : `Due ${formatDateTime(task.dueAt)}`}
          </span>
          <span aria-hidden="true">·</span>
          <span>
            {relatedToTypeLabels[task.relatedTo.type]}{' '}
            {task.relatedTo.name ? (
              <Link to={recordPath(task.relatedTo.type, task.relatedTo.id)}>{task.relatedTo.name}</Link>
            ) : (
              <span className="muted-text">(removed)</span>
            )}
          </span>
          {showOwner && (
            <>
              <span aria-hidden="true">·</span>
              <span>{task.ownerName}</span>
            </>
          )}
        </div>
      </div>
      {mayChange && !task.completedAt && (
        <div
          className="task__actions"
          onKeyDown={(e) => {
            if (e.key === 'Escape' && menu !== 'closed') {
              e.stopPropagation();
              setMenu('closed');
            }
          }}
        >
          <Button size="sm" aria-expanded={menu !== 'closed'} aria-controls={menuId} onClick={() => setMenu(menu === 'closed' ? 'snooze' : 'closed')}>
            Snooze
          </Button>
          {menu !== 'closed' && (
            <div id={menuId} className="task__menu" role="group" aria-label={`Snooze “${task.subject}”`}>
              {menu === 'snooze' ? (
                <>
                  <Button size="sm" onClick={() => moveTo(tomorrowAt9())} pending={update.isPending}>
                    Tomorrow
                  </Button>
                  <Button size="sm" onClick={() => moveTo(nextMondayAt9())}>
                    Next week
                  </Button>
                  <Button size="sm" onClick={() => setMenu('date')}>
                    Pick a day…
                  </Button>
                </>
              ) : (
                <form
                  className="task__date"
                  onSubmit={(e) => {
                    e.preventDefault();
                    if (date) moveTo(onDate(date, task.dueAt));
                  }}
                >
                  <label className="visually-hidden" htmlFor={`${menuId}-date`}>
                    New due date
                  </label>
                  <input id={`${menuId}-date`} className="input" type="date" value={date} onChange={(e) => setDate(e.target.value)} required />
                  <Button size="sm" type="submit" variant="primary" pending={update.isPending}>
                    Move
                  </Button>
                </form>
              )}
            </div>
          )}
        </div>
      )}
    </li>
  );
}
