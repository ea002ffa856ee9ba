// Every stage a deal went through, newest first, with who moved it, what it was worth then and the
// stage gate's fields the move left empty, with the reason.
import { gateFieldLabels } from '../../../../shared/stageGate';
import { formatDate, formatDateTime, formatMoney } from '../../lib/format';
import { StageBadge } from './StageBadge';
import type { StageHistoryEntry } from './types';

export function StageHistoryList({ entries }: { entries: StageHistoryEntry[] }) {
  if (entries.length === 0) return <p className="muted-text">No stage changes yet.</p>;
  return (
    <ol className="opp-history">
      {entries.map((h) => (
        <li key={h.id} className="opp-history__item">
          <div className="opp-history__stages">
            {h.fromStage ? (
              <>
                <StageBadge stage={h.fromStage} />
                <span aria-label="to">→</span>
              </>
            ) : (
              <span className="muted-text">Created in</span>
            )}
            <StageBadge stage={h.toStage} />
          </div>
          <div className="opp-history__meta muted-text">
            {formatDateTime(h.changedAt)}
            {h.changedByName && <> · {h.changedByName}</>}
          </div>
          <div className="opp-history__meta muted-text">
            {formatMoney(h.amount)} · closes {formatDate(h.closeDate)}
          </div>
          {h.gateSkippedFields && h.gateSkippedFields.length > 0 && (
            <div className="opp-history__skip">
              Skipped {h.gateSkippedFields.map((f) => gateFieldLabels[f]).join(', ')}
              {h.gateSkipReason && <>: “{h.gateSkipReason}”</>}
            </div>
          )}
        </li>
      ))}
    </ol>
  );
}
