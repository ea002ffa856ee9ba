// A grouped report as a bar chart of its first total by group (the table under it has the same numbers).
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportFieldKind } from '../../../../shared/reportFields';
import { formatMoney, formatNumber } from '../../lib/format';
import { formatCell } from './ReportResults';

const compactMoney = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });
const compactNumber = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
/** More bars than this read as noise: the chart shows the first ones, the table all. */
const MAX_BARS = 40;

interface Column {
  key: string;
  label: string;
  kind: ReportFieldKind;
  role: 'field' | 'group' | 'aggregate';
}

/** Worth a chart: at least one group, and a total that is a number. */
export function chartable(columns: Column[]): boolean {
  return columns.some((c) => c.role === 'group') && columns.some((c) => c.role === 'aggregate' && (c.kind === 'money' || c.kind === 'number'));
}

export function ReportChart({ columns, rows }: { columns: Column[]; rows: { cells: unknown[] }[] }) {
  // Amounts say more than counts: chart the first money total when there is one.
  const money = columns.findIndex((c) => c.role === 'aggregate' && c.kind === 'money');
  const valueIndex = money >= 0 ? money : columns.findIndex((c) => c.role === 'aggregate' && c.kind === 'number');
  if (valueIndex < 0) return null;
  const value = columns[valueIndex]!;
  const groups = columns.filter((c) => c.role === 'group');
  const data = rows.slice(0, MAX_BARS).map((r) => ({
    label: groups.map((g) => formatCell(g.kind, r.cells[columns.indexOf(g)])).join(' · '),
    value: Number(r.cells[valueIndex] ?? 0),
  }));
  const isMoney = value.kind === 'money';
  return (
    <div className="report-chart" role="img" aria-label={`${value.label} by ${groups.map((g) => g.label).join(' and ')} (bar chart; the table below has the same numbers)`}>
      <ResponsiveContainer width="100%" height={260}>
        <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
          <CartesianGrid vertical={false} stroke="var(--gray-150)" />
          <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={data.length > 12 ? 'preserveStartEnd' : 0} tickLine={false} />
          <YAxis tickFormatter={(v: number) => (isMoney ? compactMoney.format(v) : compactNumber.format(v))} tick={{ fontSize: 11 }} width={60} tickLine={false} axisLine={false} />
          <Tooltip formatter={(v) => (isMoney ? formatMoney(String(v)) : formatNumber(Number(v)))} cursor={{ fill: 'var(--gray-100)' }} />
          <Bar dataKey="value" name={value.label} fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
      {rows.length > MAX_BARS && <div className="subtle-text">The chart shows the first {MAX_BARS} groups; the table has them all.</div>}
    </div>
  );
}
