import { isLowAdoption } from '../../../../shared/scoreBands';

/** Active users against expected, as a bar and a figure. */
export function AdoptionBar({ active, expected, compact = false }: { active: number; expected: number; compact?: boolean }) {
  if (expected <= 0) return <span className="muted-text">{active > 0 ? `${active} active` : '—'}</span>;
  const share = Math.min(100, Math.round((active / expected) * 100));
  const tone = isLowAdoption(active, expected) ? 'progress__bar--warning' : share >= 80 ? 'progress__bar--success' : '';
  return (
    <div className={compact ? 'adoption adoption--compact' : 'adoption'} title={`${active} of ${expected} users active`}>
      <div className="progress" role="img" aria-label={`${share}% adoption`}>
        <div className={`progress__bar ${tone}`} style={{ width: `${share}%` }} />
      </div>
      <span className="adoption__figure">
        {active}/{expected}
      </span>
    </div>
  );
}
