// One deal on the pipeline board: drag it to another column, pick a stage from its menu, or move it one
// stage with Shift+Right / Shift+Left. Every way goes through the same stage move (and its gate).
import { type DragEvent, useId } from 'react';
import { Link } from 'react-router';
import { isCloseDatePast, isOpenStage, openStages, type Stage } from '../../../../shared/stages';
import { formatDate, formatMoney, initials, toDateInput } from '../../lib/format';
import { DealHealth } from '../hygiene/HealthBadge';
import { DealMoveMenu } from './DealMoveMenu';
import type { OpportunityListItem } from './types';

/** The open stage `step` places along from `stage` (keyboard moves stay among open stages). */
function neighbourStage(stage: Stage, step: 1 | -1): Stage | null {
  if (!isOpenStage(stage)) return null;
  return openStages[openStages.indexOf(stage) + step] ?? null;
}

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
  const hintId = useId();
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
      onKeyDown={(e) => {
        // Keyboard moves: one open stage along, from anywhere on the card (its link or menu button).
        if (!movable || !e.shiftKey || (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft')) return;
        const to = neighbourStage(deal.stage, e.key === 'ArrowRight' ? 1 : -1);
        if (!to) return;
        e.preventDefault();
        onMove(to);
      }}
      data-opportunity-id={deal.id}
    >
      <div className="opp-card__title-row">
        <Link
          to={`/opportunities/${deal.id}`}
          className="opp-card__name"
          draggable={false}
          aria-keyshortcuts={canMove ? 'Shift+ArrowRight Shift+ArrowLeft' : undefined}
          aria-describedby={canMove ? hintId : undefined}
        >
          {deal.opportunityName}
        </Link>
        {canMove && <DealMoveMenu dealName={deal.opportunityName} current={deal.stage} disabled={pending} onMove={onMove} />}
      </div>
      {canMove && (
        <span id={hintId} className="visually-hidden">
          Shift+Right or Shift+Left moves it to the next or previous stage.
        </span>
      )}
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
    </div>
  );
}
