// The report of an analysed file: pipeline health and counts, results by severity and by rule, the deals with
// their health and results (least healthy first, filtered by a rule), the broken rows, the rules that could not
// run on a file, the CSV of every result, and what changed since the previous upload.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { Badge } from '../Badge';
import { Button } from '../Button';
import { Panel } from '../Panel';
import { ErrorState, Spinner } from '../States';
import { HealthBadge } from './HealthBadge';
import { categoryLabels, severityLabels, severityTones } from './labels';
import { formatDate, formatMoney, formatNumber } from '../../lib/format';
import { type RouterOutputs, useTRPC } from '../../trpc';

type Report = RouterOutputs['hygiene']['analyses']['get'];
const PAGE = 50;

function Deals({ analysisId, ruleId, onClearRule }: { analysisId: number; ruleId: string | undefined; onClearRule: () => void }) {
  const trpc = useTRPC();
  const [offset, setOffset] = useState(0);
  const [openOnly, setOpenOnly] = useState(true);
  const deals = useQuery({ ...trpc.hygiene.analyses.deals.queryOptions({ analysisId, ruleId, openOnly, limit: PAGE, offset }), placeholderData: keepPreviousData });
  if (deals.isPending) return <Spinner />;
  if (deals.isError) return <ErrorState error={deals.error} onRetry={() => void deals.refetch()} />;
  const { total, items } = deals.data;
  return (
    <>
      <div className="filter-bar" style={{ display: 'flex', gap: '1rem', alignItems: 'center', marginBottom: '0.5rem' }}>
        <label>
          <input type="checkbox" checked={openOnly} onChange={(e) => (setOpenOnly(e.target.checked), setOffset(0))} /> Open deals only
        </label>
        {ruleId && (
          <span>
            Rule <code>{ruleId}</code>{' '}
            <Button size="sm" variant="ghost" onClick={() => (onClearRule(), setOffset(0))}>
              Show all rules
            </Button>
          </span>
        )}
        <span className="muted-text">
          {formatNumber(total)} deals{openOnly ? '' : ' (closed deals appear when a rule found something on them)'}
        </span>
      </div>
      <div className="table-wrap">
        <table className="table table--compact" aria-label="Deals in the file">
          <thead>
            <tr>
              <th>Row</th>
              <th>Deal</th>
              <th>Owner</th>
              <th>Stage</th>
              <th className="num">Amount</th>
              <th>Close date</th>
              <th>Health</th>
              <th>Results</th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.fileRow}>
                <td className="mono">{d.fileRow}</td>
                <td>
                  {d.dealName}
                  {d.dealKey !== d.dealName && <div className="muted-text mono">{d.dealKey}</div>}
                </td>
                <td>{d.ownerName ?? '—'}</td>
                <td>{d.stage}</td>
                <td className="num">{d.amountCents === null ? '—' : formatMoney(d.amountCents / 100)}</td>
                <td>{d.closeDate ?? '—'}</td>
                <td>
                  <HealthBadge score={d.health} size="sm" />
                </td>
                <td className="file-report__results">
                  {d.results.length === 0 ? (
                    <span className="muted-text">None</span>
                  ) : (
                    <ul className="plain-list">
                      {d.results.map((r) => (
                        <li key={r.ruleId}>
                          <Badge tone={severityTones[r.severity]}>{severityLabels[r.severity]}</Badge> {r.message}
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {total > PAGE && (
        <div className="form-actions">
          <Button size="sm" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <span className="muted-text">
            {formatNumber(offset + 1)}–{formatNumber(Math.min(total, offset + PAGE))} of {formatNumber(total)}
          </span>
          <Button size="sm" disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>
            Next
          </Button>
        </div>
      )}
    </>
  );
}

function Compare({ analysisId }: { analysisId: number }) {
  const trpc = useTRPC();
  const compare = useQuery(trpc.hygiene.analyses.compare.queryOptions({ analysisId }));
  if (compare.isPending) return <Spinner />;
  if (compare.isError) return <ErrorState error={compare.error} onRetry={() => void compare.refetch()} />;
  const c = compare.data;
  if (!c.previous || !('counts' in c)) return <p className="muted-text">This is your first analysis kept: the next upload will be compared with it.</p>;
  const change = c.healthChange;
  return (
    <>
      <p>
        Against <Link to={`/hygiene/files/${c.previous.analysisId}`}>{c.previous.fileName}</Link> of {formatDate(c.previous.createdAt)}: health{' '}
        <HealthBadge score={c.previous.health} size="sm" /> → <HealthBadge score={c.current.health} size="sm" />{' '}
        {change !== null && <strong data-testid="health-change">{change > 0 ? `+${change}` : change}</strong>}
      </p>
      <dl className="hygiene-kpis">
        <div>
          <dt>New results</dt>
          <dd>{formatNumber(c.counts.new)}</dd>
        </div>
        <div>
          <dt>Resolved</dt>
          <dd>{formatNumber(c.counts.resolved)}</dd>
        </div>
        <div>
          <dt>Still open</dt>
          <dd>{formatNumber(c.counts.stillOpen)}</dd>
        </div>
      </dl>
      <div className="hygiene-split">
        <div>
          <h3 className="hygiene-section__title">New</h3>
          <ul className="plain-list">
            {c.new.map((f) => (
              <li key={`${f.dealKey}|${f.ruleId}`}>
                <strong>{f.dealName}</strong>: {f.message}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 className="hygiene-section__title">Resolved</h3>
          <ul className="plain-list">
            {c.resolved.map((f) => (
              <li key={`${f.dealKey}|${f.ruleId}`}>
                <strong>{f.dealName}</strong>: {f.message}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}

export function FileReport({ report }: { report: Report }) {
  const [ruleId, setRuleId] = useState<string | undefined>(undefined);
  return (
    <>
      <Panel title="Summary">
        <dl className="hygiene-kpis" aria-label="Summary">
          <div>
            <dt>Pipeline health</dt>
            <dd>
              <HealthBadge score={report.health} size="lg" />
            </dd>
          </div>
          <div>
            <dt>Deals analysed</dt>
            <dd>{formatNumber(report.analysedRows)}</dd>
          </div>
          <div>
            <dt>Open deals</dt>
            <dd>{formatNumber(report.openDeals)}</dd>
          </div>
          <div>
            <dt>Rule results</dt>
            <dd>{formatNumber(report.findingsCount)}</dd>
          </div>
          <div>
            <dt>Broken rows</dt>
            <dd>{formatNumber(report.brokenCount)}</dd>
          </div>
          {(['critical', 'warning', 'info'] as const).map((s) => (
            <div key={s}>
              <dt>{severityLabels[s]}</dt>
              <dd>{formatNumber(report.bySeverity[s] ?? 0)}</dd>
            </div>
          ))}
        </dl>
        <p className="muted-text">
          Evaluated as of {report.asOf} · {report.rulesApplied.length} rules ran on the file
          {report.durationMs !== null && ` in ${(report.durationMs / 1000).toFixed(1)} s`}.
        </p>
      </Panel>
      <Panel title="Results by rule" count={report.byRule.length}>
        {report.byRule.length === 0 ? (
          <p className="muted-text">None of the rules that can run on a file holds on any deal.</p>
        ) : (
          <table className="table table--compact" aria-label="Results by rule">
            <thead>
              <tr>
                <th>Rule</th>
                <th>Category</th>
                <th>Severity</th>
                <th className="num">Deals</th>
              </tr>
            </thead>
            <tbody>
              {report.byRule.map((r) => (
                <tr key={r.ruleId}>
                  <td>
                    <button type="button" className="link-button" onClick={() => setRuleId(r.ruleId)}>
                      {r.ruleName === r.ruleId ? r.ruleId : r.ruleName}
                    </button>
                    {r.condition && <div className="muted-text">{r.condition}</div>}
                  </td>
                  <td>{r.category ? categoryLabels[r.category] : '—'}</td>
                  <td>
                    <Badge tone={severityTones[r.severity]}>{severityLabels[r.severity]}</Badge>
                  </td>
                  <td className="num">{formatNumber(r.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel title="Deals">
        <Deals analysisId={report.analysisId} ruleId={ruleId} onClearRule={() => setRuleId(undefined)} />
      </Panel>
      <Panel title="Compared with your previous upload">
        <Compare analysisId={report.analysisId} />
      </Panel>
      {report.brokenCount > 0 && (
        <Panel title="Broken rows (left out)" count={report.brokenCount}>
          <ul className="plain-list">
            {report.brokenRows.map((b) => (
              <li key={b.row}>
                Row {b.row}: {b.reason}
              </li>
            ))}
          </ul>
          {report.brokenCount > report.brokenRows.length && <p className="muted-text">The first {report.brokenRows.length} are listed.</p>}
        </Panel>
      )}
      <Panel title="Rules that did not run on this file" count={report.rulesNotApplied.length}>
        <details>
          <summary>Why these rules cannot be checked on a file</summary>
          <ul className="plain-list">
            {report.rulesNotApplied.map((r) => (
              <li key={r.ruleId}>
                <code>{r.ruleId}</code>: {r.reason}
              </li>
            ))}
          </ul>
        </details>
      </Panel>
    </>
  );
}
