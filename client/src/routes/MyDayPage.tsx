// My day, the home page: tasks overdue and due today (complete, snooze, move), today's meetings, open deals
// that need attention, and what the user opened lately.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Badge } from '../components/Badge';
import { Button } from '../components/Button';
import { Icon, type IconName } from '../components/Icon';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { DetailSkeleton, EmptyState, ErrorState } from '../components/States';
import { StageBadge } from '../components/opportunities/StageBadge';
import { TaskRow } from '../components/tasks/TaskRow';
import { severityLabels, severityTones } from '../components/hygiene/labels';
import { formatDate, formatMoney, formatRelative } from '../lib/format';
import { openNewTask } from '../lib/newTask';
import { recordPath } from '../lib/records';
import { useSession } from '../lib/session';
import { type RouterOutputs, useTRPC } from '../trpc';
import type { Stage } from '../../../shared/stages';

type MyDay = RouterOutputs['tasks']['myDay'];

const recentIcons: Record<MyDay['recent'][number]['type'], IconName> = {
  account: 'accounts',
  contact: 'contacts',
  lead: 'leads',
  opportunity: 'opportunities',
  project: 'projects',
  case: 'cases',
};

function greeting(name: string, now = new Date()): string {
  const hour = now.getHours();
  const part = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening';
  return `${part}, ${name.split(' ')[0]}`;
}

function Tasks({ day }: { day: MyDay }) {
  const count = day.overdue.length + day.today.length;
  return (
    <Panel
      title="Tasks"
      count={count}
      actions={
        <>
          <Link to="/tasks" className="muted-link">
            All tasks
          </Link>
          <Button size="sm" onClick={openNewTask}>
            New task
          </Button>
        </>
      }
    >
      {count === 0 ? (
        <EmptyState title="Nothing due today" description="Add a task with N, or from any record's activity box." />
      ) : (
        <>
          {day.overdue.length > 0 && (
            <>
              <h3 className="my-day__subhead my-day__subhead--danger">Overdue</h3>
              <ul className="task-list" aria-label="Overdue tasks">
                {day.overdue.map((t) => (
                  <TaskRow key={t.id} task={t} />
                ))}
              </ul>
            </>
          )}
          {day.today.length > 0 && (
            <>
              <h3 className="my-day__subhead">Due today</h3>
              <ul className="task-list" aria-label="Tasks due today">
                {day.today.map((t) => (
                  <TaskRow key={t.id} task={t} />
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Panel>
  );
}

function Meetings({ day }: { day: MyDay }) {
  return (
    <Panel title="Meetings today" count={day.meetings.length}>
      {day.meetings.length === 0 ? (
        <EmptyState title="No meetings today" />
      ) : (
        <ul className="my-day__list">
          {day.meetings.map((m) => (
            <li key={m.id} className="my-day__meeting">
              <time className="my-day__time" dateTime={new Date(m.occurredAt).toISOString()}>
                {new Date(m.occurredAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}
              </time>
              <div>
                <div className="my-day__title">{m.subject}</div>
                {m.relatedTo.name && (
                  <Link to={recordPath(m.relatedTo.type, m.relatedTo.id)} className="muted-link">
                    {m.relatedTo.name}
                  </Link>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function Attention({ day }: { day: MyDay }) {
  return (
    <Panel title="Deals needing attention" count={day.attention.length}>
      {day.attention.length === 0 ? (
        <EmptyState title="Every open deal is in good shape" description="No open critical or warning hygiene results on your deals." />
      ) : (
        <ul className="my-day__list">
          {day.attention.map((d) => (
            <li key={d.id} className="my-day__deal">
              <div className="my-day__deal-main">
                <Link to={`/opportunities/${d.id}`} className="my-day__title">
                  {d.opportunityName}
                </Link>
                <div className="my-day__deal-facts">
                  <StageBadge stage={d.stage as Stage} />
                  <span>{formatMoney(d.amount)}</span>
                  <span>{d.closeDate ? `Closes ${formatDate(d.closeDate)}` : 'No close date'}</span>
                  <span>Last activity {formatRelative(d.lastActivityAt, new Date(), 'never')}</span>
                </div>
              </div>
              {/* The deal's most severe open hygiene result; its page lists the rest. */}
              <div className="my-day__reasons">
                <Badge tone={severityTones[d.top.severity]}>{severityLabels[d.top.severity]}</Badge>
                <span className="my-day__reason" data-rule-id={d.top.ruleId}>
                  {d.top.message}
                </span>
                {d.openResults > 1 && <span className="muted-text">+{d.openResults - 1} more</span>}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function Recent({ day }: { day: MyDay }) {
  return (
    <Panel title="Recently viewed">
      {day.recent.length === 0 ? (
        <EmptyState title="Nothing yet" description="Records you open show here, and in the search palette (Ctrl K)." />
      ) : (
        <ul className="my-day__list">
          {day.recent.map((r) => (
            <li key={`${r.type}:${r.id}`} className="my-day__recent">
              <Icon name={recentIcons[r.type]} />
              <Link to={recordPath(r.type, r.id)}>{r.title}</Link>
              {r.accountName && r.type !== 'account' && <span className="muted-text">{r.accountName}</span>}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export default function MyDayPage() {
  const trpc = useTRPC();
  const me = useSession();
  const query = useQuery({ ...trpc.tasks.myDay.queryOptions(), refetchOnWindowFocus: true });
  return (
    <>
      <PageHeader
        title="My day"
        subtitle={`${greeting(me.name)} · ${new Date().toLocaleDateString([], { weekday: 'long', month: 'long', day: 'numeric' })}`}
      />
      {query.isPending ? (
        <DetailSkeleton />
      ) : query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <div className="detail-layout">
          <div className="detail-layout__main">
            <Tasks day={query.data} />
            <Attention day={query.data} />
          </div>
          <aside className="detail-layout__aside">
            <Meetings day={query.data} />
            <Recent day={query.data} />
          </aside>
        </div>
      )}
    </>
  );
}
