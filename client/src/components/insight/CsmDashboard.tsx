// The CSM dashboard: projects by health, overdue milestones, adoption (active vs expected users), open cases
// by priority with SLA breaches, and customer accounts gone quiet. Charts have their tables; rows open the
// records, totals open the lists they count.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Cell, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate, formatNumber, formatRelative } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';
import { Panel } from '../Panel';
import { EmptyState, ErrorState } from '../States';
import { percent, Stat } from './parts';
import { DashboardSkeleton } from './RepDashboard';
import './insight.css';

type Csm = Extract<RouterOutputs['analytics']['dashboard'], { view: 'csm' }>;

const healthColours: Record<string, string> = { Healthy: 'var(--success, #1a7f37)', 'At Risk': 'var(--warning, #b35900)', Critical: 'var(--danger, #c62828)' };

function ProjectsByHealth({ rows }: { rows: Csm['projectsByHealth'] }) {
  if (rows.every((r) => r.count === 0)) return <EmptyState title="No projects in delivery" description="Projects not completed or cancelled show here by health." />;
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Projects by health (bar chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="health" tick={{ fontSize: 11 }} tickLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} tickLine={false} axisLine={false} />
            <Tooltip cursor={{ fill: 'var(--gray-100)' }} />
            <Bar dataKey="count" name="Projects" radius={[3, 3, 0, 0]}>
              {rows.map((r) => (
                <Cell key={r.health} fill={healthColours[r.health]} />
              ))}
            </Bar>
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact insight-forecast" aria-label="Projects by health">
        <thead>
          <tr>
            <th scope="col">Health</th>
            <th scope="col" className="num">Projects</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.health}>
              <th scope="row">
                <Link to={`/projects?health=${encodeURIComponent(r.health)}`}>{r.health}</Link>
              </th>
              <td className="num">{formatNumber(r.count)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CasesByPriority({ rows }: { rows: Csm['openCases'] }) {
  if (rows.length === 0) return <EmptyState title="No open cases" description="Open cases show here by priority, with those past their SLA." />;
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Open cases by priority (bar chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={200}>
          <BarChart data={rows} margin={{ top: 8, right: 8, left: 0, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="priority" tick={{ fontSize: 11 }} tickLine={false} />
            <YAxis allowDecimals={false} tick={{ fontSize: 11 }} width={32} tickLine={false} axisLine={false} />
            <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Tooltip cursor={{ fill: 'var(--gray-100)' }} />
            <Bar dataKey="open" name="Open" fill="var(--accent)" radius={[3, 3, 0, 0]} />
            <Bar dataKey="breached" name="Past SLA" fill="var(--danger, #c62828)" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact insight-forecast" aria-label="Open cases by priority">
        <thead>
          <tr>
            <th scope="col">Priority</th>
            <th scope="col" className="num">Open</th>
            <th scope="col" className="num">Past SLA</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.priority}>
              <th scope="row">
                <Link to={`/cases?priority=${r.priority}`}>{r.priority}</Link>
              </th>
              <td className="num">{formatNumber(r.open)}</td>
              <td className="num">
                {r.breached > 0 ? (
                  <Link to={`/cases?priority=${r.priority}&sla=breached`} className="text-danger">
                    {formatNumber(r.breached)}
                  </Link>
                ) : (
                  0
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function CsmDashboard({ userId }: { userId?: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.analytics.dashboard.queryOptions({ scope: 'csm', userId }));
  if (query.isPending) return <DashboardSkeleton />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  const d = query.data as Csm;
  const openCases = d.openCases.reduce((t, r) => t + r.open, 0);
  const breached = d.openCases.reduce((t, r) => t + r.breached, 0);
  const projects = d.projectsByHealth.reduce((t, r) => t + r.count, 0);
  return (
    <div className="insight-dashboard">
      <div className="insight-stats">
        <Stat label="Projects in delivery" value={formatNumber(projects)} detail={`${d.projectsByHealth.find((r) => r.health !== 'Healthy' && r.count > 0) ? 'some need attention' : 'all healthy'}`} />
        <Stat label="Overdue milestones" value={formatNumber(d.overdueMilestones.count)} detail="past due, not completed" />
        <Stat label="Adoption" value={percent(d.adoption.rate)} detail={`${formatNumber(d.adoption.activeUsers)} of ${formatNumber(d.adoption.expectedUsers)} expected users`} />
        <Stat label="Open cases" value={formatNumber(openCases)} detail={`${formatNumber(breached)} past SLA`} />
        <Stat label="Quiet accounts" value={formatNumber(d.lowEngagement.count)} detail={`no activity in ${d.lowEngagement.days} days`} />
      </div>
      <div className="insight-grid">
        <Panel title="Projects by health">
          <ProjectsByHealth rows={d.projectsByHealth} />
        </Panel>
        <Panel title="Open cases by priority">
          <CasesByPriority rows={d.openCases} />
        </Panel>
        <Panel title="Overdue milestones" count={d.overdueMilestones.count}>
          {d.overdueMilestones.items.length === 0 ? (
            <EmptyState title="No overdue milestones" description="Milestones past their due date and not completed show here." />
          ) : (
            <table className="table table--compact" aria-label="Overdue milestones">
              <thead>
                <tr>
                  <th scope="col">Milestone</th>
                  <th scope="col">Project</th>
                  <th scope="col">Due</th>
                </tr>
              </thead>
              <tbody>
                {d.overdueMilestones.items.map((m) => (
                  <tr key={m.id}>
                    <td>{m.title}</td>
                    <td>
                      <Link to={`/projects/${m.projectId}`}>{m.projectName}</Link>
                    </td>
                    <td className="text-danger">{formatDate(m.dueDate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title="Adoption: active vs expected users" count={d.adoption.low}>
          {d.adoption.lowest.length === 0 ? (
            <EmptyState title="Adoption on track" description={`Projects below ${Math.round(d.adoption.lowShare * 100)}% of their expected users show here.`} />
          ) : (
            <table className="table table--compact insight-forecast" aria-label="Projects with low adoption">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col" className="num">Active</th>
                  <th scope="col" className="num">Expected</th>
                  <th scope="col" className="num">Adoption</th>
                </tr>
              </thead>
              <tbody>
                {d.adoption.lowest.map((p) => (
                  <tr key={p.id}>
                    <th scope="row">
                      <Link to={`/projects/${p.id}`}>{p.projectName}</Link>
                    </th>
                    <td className="num">{formatNumber(p.activeUsers)}</td>
                    <td className="num">{formatNumber(p.expectedUsers)}</td>
                    <td className="num text-danger">{percent(p.activeUsers / p.expectedUsers)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
        <Panel title={`Accounts with no activity in ${d.lowEngagement.days} days`} count={d.lowEngagement.count}>
          {d.lowEngagement.items.length === 0 ? (
            <EmptyState title="Every customer is engaged" description="Accounts of projects in delivery with no activity in 30 days show here." />
          ) : (
            <table className="table table--compact" aria-label="Low-engagement accounts">
              <thead>
                <tr>
                  <th scope="col">Account</th>
                  <th scope="col">Last activity</th>
                </tr>
              </thead>
              <tbody>
                {d.lowEngagement.items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/accounts/${a.id}`}>{a.accountName}</Link>
                    </td>
                    <td className="muted-text">{a.lastActivityAt ? formatRelative(a.lastActivityAt) : 'Never'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Panel>
      </div>
    </div>
  );
}
