// The stage mapping step of an opportunities import: every stage the file's stage column holds, how many rows
// have it, and which of our stages it becomes. Proposed from the server's table (HubSpot, Salesforce, Maven);
// a value left on "not mapped" rejects its rows, which the summary says before the import starts.
import { useQuery } from '@tanstack/react-query';
import { stages, type Stage } from '../../../../shared/stages';
import { errorMessage } from '../../lib/errors';
import { formatNumber } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { Badge } from '../Badge';
import { Spinner } from '../States';

export type StageMappingValue = Record<string, Stage | ''>;

/** The file's stage values with the server's proposals, for the page to seed its stage mapping from. */
export function useStageValues(uploadId: number, column: string | undefined) {
  const trpc = useTRPC();
  return useQuery({ ...trpc.imports.stageValues.queryOptions({ uploadId, column: column ?? '' }), enabled: Boolean(column), staleTime: Infinity });
}

export function StageMapping({
  uploadId,
  column,
  mapping,
  onChange,
}: {
  uploadId: number;
  column: string;
  /** The user's choices by value; values not in it show the proposal. */
  mapping: StageMappingValue;
  onChange: (next: StageMappingValue) => void;
}) {
  const values = useStageValues(uploadId, column);
  if (values.isPending) return <Spinner label="Reading the stages in the file" />;
  if (values.isError) return <div className="alert alert--danger">{errorMessage(values.error)}</div>;
  const chosen = (value: string, proposed: Stage | null): Stage | '' => (value in mapping ? mapping[value]! : (proposed ?? ''));
  const unmapped = values.data.values.filter((v) => chosen(v.value, v.proposed) === '');
  const unmappedRows = unmapped.reduce((n, v) => n + v.rows, 0);
  return (
    <>
      {unmapped.length > 0 ? (
        <div className="alert alert--warning">
          {unmapped.length === 1 ? 'One stage' : `${unmapped.length} stages`} of the file {unmapped.length === 1 ? 'is' : 'are'} not mapped yet: choose ours, or{' '}
          {unmappedRows === 1 ? 'its row' : `their ${formatNumber(unmappedRows)} rows`} will be rejected.
        </div>
      ) : null}
      <table className="table table--compact mapping-table">
        <thead>
          <tr>
            <th>Stage in the file ({column})</th>
            <th className="num">Rows</th>
            <th>Our stage</th>
          </tr>
        </thead>
        <tbody>
          {values.data.values.map((v) => {
            const value = chosen(v.value, v.proposed);
            const label = v.value || '(empty)';
            return (
              <tr key={v.value}>
                <td>
                  {label} {v.proposed === null && <Badge tone="warning">Unknown</Badge>}
                </td>
                <td className="num">{formatNumber(v.rows)}</td>
                <td>
                  <select
                    className="input input--sm select"
                    aria-label={`Our stage for ${label}`}
                    value={value}
                    onChange={(e) => onChange({ ...mapping, [v.value]: e.target.value as Stage | '' })}
                  >
                    <option value="">— not mapped: reject these rows —</option>
                    {stages.map((s) => (
                      <option key={s} value={s}>
                        {s}
                      </option>
                    ))}
                  </select>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {values.data.more && <p className="muted-text">The column has more than 200 different values; only the first 200 are listed.</p>}
    </>
  );
}

/** What the import is sent: the confirmed stage of every value shown (proposals included); null rejects its rows. */
export function confirmedStageMapping(
  values: { value: string; proposed: Stage | null }[] | undefined,
  mapping: StageMappingValue,
): Record<string, Stage | null> {
  const out: Record<string, Stage | null> = {};
  for (const v of values ?? []) {
    const stage = v.value in mapping ? mapping[v.value] : v.proposed;
    out[v.value] = stage || null;
  }
  return out;
}
