// Open pipeline by stage: a bar per stage (amount), a table of the same numbers, a click shows the deals.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DealBucket } from '../../../../shared/schemas/analytics';
import type { Stage } from '../../../../shared/stages';
import { formatMoney, formatNumber } from '../../lib/format';
import { EmptyState } from '../States';

export interface StageRow {
  stage: Stage;
  count: number;
  amount: string;
  weightedAmount: string;
}

const compactMoney = new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD', notation: 'compact', maximumFractionDigits: 1 });

export function PipelineByStageChart({ rows, onSelect }: { rows: StageRow[]; onSelect: (bucket: DealBucket) => void }) {
  if (rows.every((r) => r.count === 0)) {
    return <EmptyState title="No open deals" description="Open deals appear here by stage once there are some." />;
  }
  const data = rows.map((r) => ({ ...r, value: Number(r.amount), weighted: Number(r.weightedAmount) }));
  return (
    <div className="insight-chart">
      <div className="insight-chart__plot" role="img" aria-label="Open pipeline by stage (bar chart; the table below has the same numbers)">
        <ResponsiveContainer width="100%" height={240}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke="var(--gray-150)" />
            <XAxis dataKey="stage" tick={{ fontSize: 11 }} interval={0} tickLine={false} />
            <YAxis tickFormatter={(v: number) => compactMoney.format(v)} tick={{ fontSize: 11 }} width={56} tickLine={false} axisLine={false} />
            <Legend iconType="square" iconSize={10} wrapperStyle={{ fontSize: 12 }} />
            <Tooltip formatter={(v) => formatMoney(Number(v))} cursor={{ fill: 'var(--gray-100)' }} />
            <Bar
              dataKey="value"
              name="Amount"
              fill="var(--accent)"
              radius={[3, 3, 0, 0]}
              cursor="pointer"
              onClick={(entry) => onSelect({ kind: 'stage', stage: (entry as unknown as StageRow).stage })}
            />
            <Bar dataKey="weighted" name="Weighted" fill="var(--accent-border)" radius={[3, 3, 0, 0]} />
          </BarChart>
        </ResponsiveContainer>
      </div>
      <table className="table table--compact" aria-label="Open pipeline by stage">
        <thead>
          <tr>
            <th scope="col">Stage</th>
            <th scope="col" className="num">
              Deals
            </th>
            <th scope="col" className="num">
              Amount
            </th>
            <th scope="col" className="num">
              Weighted
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.stage}>
              <td>
                <button type="button" className="link-btn" onClick={() => onSelect({ kind: 'stage', stage: r.stage })} disabled={r.count === 0}>
                  {r.stage}
                </button>
              </td>
              <td className="num">{formatNumber(r.count)}</td>
              <td className="num">{formatMoney(r.amount)}</td>
              <td className="num">{formatMoney(r.weightedAmount)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
