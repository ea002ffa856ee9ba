// The stage path on a deal: where it is in the process; click a stage to move the deal there.
import { isOpenStage, type Stage, stageDefaults, stageOrder, stages } from '../../../../shared/stages';

export function StagePath({
  current,
  disabled,
  pending,
  onSelect,
}: {
  current: Stage;
  /** The user may not change this deal. */
  disabled: boolean;
  pending: boolean;
  onSelect: (stage: Stage) => void;
}) {
  const reached = stageOrder(current);
  const lost = current === 'Closed Lost';
  return (
    <nav className="opp-path" aria-label="Stage">
      <ol className="opp-path__list">
        {stages.map((stage) => {
          const isCurrent = stage === current;
          // A lost deal reached no later stage; a won one passed every open stage.
          const done = !isCurrent && isOpenStage(stage) && stageOrder(stage) < reached && !lost;
          const state = isCurrent ? 'current' : done ? 'done' : 'todo';
          const tone = stage === 'Closed Won' ? ' opp-path__step--won' : stage === 'Closed Lost' ? ' opp-path__step--lost' : '';
          return (
            <li key={stage} className={`opp-path__step opp-path__step--${state}${tone}`}>
              <button
                type="button"
                className="opp-path__button"
                aria-current={isCurrent ? 'step' : undefined}
                disabled={disabled || pending || isCurrent}
                title={
                  isCurrent
                    ? `Current stage (${stageDefaults[stage].probability}%)`
                    : disabled
                      ? 'Only the owner, managers and admins can change the stage'
                      : `Move to ${stage} (${stageDefaults[stage].probability}%)`
                }
                onClick={() => onSelect(stage)}
              >
                {done && (
                  <span className="opp-path__check" aria-hidden="true">
                    ✓
                  </span>
                )}
                <span>{stage}</span>
                {done && <span className="visually-hidden"> (passed)</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
