// One deal on the pipeline board: drag it to another column, or use its "Move to" select (keyboard).
import { type DragEvent, useId } from 'react';
import { Link } from 'react-router';
import { isCloseDatePast, type Stage, stages } from '../../../../shared/stages';
import { formatDate, formatMoney, initials, toDateInput } from '../../lib/format';
import { DealHealth } from '../hygiene/HealthBadge';
import type { OpportunityListItem } from './types';

/** The drag payload type: only our cards are accepted by the columns. */
export const DEAL_DRAG_TYPE = 'application/x-tru-crm-opportunity';

export function DealCard({
  deal,
  canMove,
  pending,
  onMove,
  onDragStart,
  onDragEnd,
}: {
  deal: OpportunityListItem;
  canMove: boolean;
  pending: boolean;
  onMove: (stage: Stage) => void;
  onDragStart: (id: number) => void;
  onDragEnd: () => void;
}) {
  const selectId = useId();
  const overdue = isCloseDatePast(deal, toDateInput(new Date()));
  const movable = canMove && !pending;

  const startDrag = (e: DragEvent<HTMLDivElement>) => {
    if (!movable) return e.preventDefault();
    e.dataTransfer.setData(DEAL_DRAG_TYPE, String(deal.id));
    e.dataTransfer.setData('text/plain', deal.opportunityName);
    e.dataTransfer.effectAllowed = 'move';
    onDragStart(deal.id);
  };

  return (
    <div
      role="listitem"
      aria-label={deal.opportunityName}
      aria-busy={pending || undefined}
      className={`opp-card${pending ? ' opp-card--pending' : ''}${movable ? ' opp-card--movable' : ''}`}
      draggable={movable}
      onDragStart={startDrag}
      onDragEnd={onDragEnd}
      data-opportunity-id={deal.id}
    >
      <Link to={`/opportunities/${deal.id}`} className="opp-card__name" draggable={false}>
        {deal.opportunityName}
      </Link>
      <div className="opp-card__account">{deal.accountName}</div>
      <div className="opp-card__meta">
        <span className="opp-card__amount">{formatMoney(deal.amount)}</span>
        <DealHealth id={deal.id} />
        <span
          className={`opp-card__date${overdue ? ' opp-card__date--overdue' : ''}`}
          title={overdue ? 'Close date has passed' : 'Close date'}
        >
          {deal.closeDate ? formatDate(deal.closeDate) : 'No close date'}
        </span>
        <span className="avatar opp-card__avatar" title={deal.ownerName} aria-label={`Owner: ${deal.ownerName}`} role="img">
          {initials(deal.ownerName)}
        </span>
      </div>
      {canMove && (
        <>
          <label htmlFor={selectId} className="visually-hidden">
            Move {deal.opportunityName} to stage
          </label>
          <select
            id={selectId}
            className="input input--sm select opp-card__move"
            value=""
            disabled={pending}
            onChange={(e) => {
              if (e.target.value) onMove(e.target.value as Stage);
            }}
          >
            <option value="">Move to…</option>
            {stages
              .filter((s) => s !== deal.stage)
              .map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
          </select>
        </>
      )}
    </div>
  );
}
