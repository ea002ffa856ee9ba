// Pipeline health per week as a line (team) or a sparkline (a rep's row); the numbers are in the table too.
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '../../lib/format';

export interface TrendPoint {
  weekStart: string;
  health: number | null;
}

export function HealthTrend({ points, height = 180 }: { points: TrendPoint[]; height?: number }) {
  if (points.length === 0) return <p className="muted-text">No weekly points yet: the nightly scan writes one a week.</p>;
  return (
    <div role="img" aria-label={`Pipeline health per week: ${points.map((p) => `${p.weekStart} ${p.health ?? 'none'}`).join(', ')}`}>
      <ResponsiveContainer width="100%" height={height}>
        <LineChart data={points} margin={{ top: 8, right: 12, left: 0, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--gray-150)" />
          <XAxis dataKey="weekStart" tickFormatter={(v: string) => formatDate(v).replace(/,? \d{4}$/, '')} tick={{ fontSize: 11 }} tickLine={false} />
          <YAxis domain={[0, 100]} ticks={[0, 50, 80, 100]} tick={{ fontSize: 11 }} width={32} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => [String(v), 'Health']} labelFormatter={(v) => `Week of ${formatDate(String(v))}`} />
          <Line type="monotone" dataKey="health" stroke="var(--accent, #4f46e5)" strokeWidth={2} dot={{ r: 2 }} connectNulls isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}

export function Sparkline({ points }: { points: TrendPoint[] }) {
  const values = points.map((p) => p.health).filter((v): v is number => v !== null);
  if (values.length < 2) return <span className="muted-text">—</span>;
  const w = 96;
  const h = 24;
  const step = w / (points.length - 1);
  const path = points
    .map((p, i) => (p.health === null ? null : `${i * step},${h - (p.health / 100) * h}`))
    .filter(Boolean)
    .join(' ');
  const first = values[0]!;
  const last = values[values.length - 1]!;
  return (
    <svg width={w} height={h} className="sparkline" role="img" aria-label={`From ${first} to ${last} over ${points.length} weeks`}>
      <polyline points={path} fill="none" stroke="currentColor" strokeWidth="1.5" />
    </svg>
  );
}
