// One stage of the pipeline board: a drop target listing its deals, with their count, total and weighted total.
import { type DragEvent, type ReactNode, useId, useState } from 'react';
import { Link } from 'react-router';
import type { Stage } from '../../../../shared/stages';
import { formatMoney } from '../../lib/format';
import { DEAL_DRAG_TYPE } from './DealCard';
import { sumMoney, weightedMoney } from '../../../../shared/money';
import type { OpportunityListItem } from './types';

export function BoardColumn({
  stage,
  deals,
  truncated,
  loading,
  note,
  dragging,
  onDropDeal,
  children,
}: {
  stage: Stage;
  deals: OpportunityListItem[];
  /** The server has more deals in this stage than the board loaded. */
  truncated: boolean;
  loading: boolean;
  note?: string;
  /** A card is being dragged (from any column). */
  dragging: boolean;
  onDropDeal: (id: number) => void;
  children: ReactNode;
}) {
  const headingId = useId();
  const [over, setOver] = useState(false);
  const total = sumMoney(deals.map((d) => d.amount));
  // Weighted per deal, to the cent, then summed (the domain README's weighted amount).
  const weighted = sumMoney(deals.map((d) => weightedMoney(d.amount, d.probability)));
  const more = truncated ? '+' : '';
  const accepts = (e: DragEvent) => e.dataTransfer.types.includes(DEAL_DRAG_TYPE);

  return (
    <div
      role="group"
      className={`opp-column${over ? ' opp-column--over' : ''}${dragging ? ' opp-column--dragging' : ''}`}
      aria-labelledby={headingId}
      onDragOver={(e) => {
        if (!accepts(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        if (!over) setOver(true);
      }}
      onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOver(false);
      }}
      onDrop={(e) => {
        setOver(false);
        if (!accepts(e)) return;
        e.preventDefault();
        const id = Number(e.dataTransfer.getData(DEAL_DRAG_TYPE));
        if (Number.isSafeInteger(id) && id > 0) onDropDeal(id);
      }}
    >
      <header className="opp-column__header">
        <div className="opp-column__title-row">
          <h2 id={headingId} className="opp-column__title">
            {stage}
          </h2>
          <span className="opp-column__count" title={truncated ? 'More deals than shown' : undefined}>
            {loading ? '…' : `${deals.length}${truncated ? '+' : ''}`}
            <span className="visually-hidden"> deals</span>
          </span>
        </div>
        <dl className="opp-column__totals" aria-label={`${stage} totals`}>
          <div>
            <dt>Total</dt>
            <dd>{loading ? '…' : `${formatMoney(total)}${more}`}</dd>
          </div>
          <div title="Amount × probability, summed">
            <dt>Weighted</dt>
            <dd>{loading ? '…' : `${formatMoney(weighted)}${more}`}</dd>
          </div>
        </dl>
        {note && <div className="opp-column__note">{note}</div>}
      </header>
      <div role="list" aria-label={stage} className="opp-column__list" aria-busy={loading || undefined}>
        {loading
          ? [0, 1, 2].map((i) => <div key={i} className="opp-card opp-card--skeleton skeleton" aria-hidden="true" />)
          : children}
        {!loading && deals.length === 0 && (
          <div className="opp-column__empty" aria-hidden="true">
            No deals
          </div>
        )}
      </div>
      {truncated && (
        <Link className="opp-column__more" to={`/opportunities?stage=${encodeURIComponent(stage)}`}>
          See all in the table
        </Link>
      )}
    </div>
  );
}
