// The stage path on a deal: where it is in the process and, from its stage history, which stages it went
// through and which it jumped over (shared/stagePath.ts); click a stage to move the deal there.
import { type PathMove, stagePath } from '../../../../shared/stagePath';
import { type Stage, stageDefaults, stages } from '../../../../shared/stages';

const stateMark = { passed: '✓', skipped: '↷' } as const;

export function StagePath({
  current,
  history,
  disabled,
  pending,
  onSelect,
}: {
  current: Stage;
  history: readonly PathMove[];
  /** The user may not change this deal. */
  disabled: boolean;
  pending: boolean;
  onSelect: (stage: Stage) => void;
}) {
  const path = stagePath(current, history);
  return (
    <nav className="opp-path" aria-label="Stage">
      <ol className="opp-path__list">
        {stages.map((stage) => {
          const state = path[stage];
          const isCurrent = state === 'current';
          const tone = stage === 'Closed Won' ? ' opp-path__step--won' : stage === 'Closed Lost' ? ' opp-path__step--lost' : '';
          const mark = state === 'passed' || state === 'skipped' ? stateMark[state] : null;
          return (
            <li key={stage} className={`opp-path__step opp-path__step--${state}${tone}`} data-state={state}>
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
                      : `${state === 'skipped' ? 'Skipped: the deal jumped over this stage. ' : ''}Move to ${stage} (${stageDefaults[stage].probability}%)`
                }
                onClick={() => onSelect(stage)}
              >
                {mark && (
                  <span className="opp-path__check" aria-hidden="true">
                    {mark}
                  </span>
                )}
                <span>{stage}</span>
                {mark && <span className="visually-hidden"> ({state})</span>}
              </button>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
