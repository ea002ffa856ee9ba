import type { CaseStatus } from '../../../../shared/enums';
import { formatDateTime, formatRelative } from '../../lib/format';
import { slaClass, slaState } from '../../lib/sla';

/** "due in 3 hours" / "breached 2 hours ago", red when breached and amber when at risk. */
export function SlaDue({ c }: { c: { status: CaseStatus; slaDueAt: Date | string; createdAt: Date | string } }) {
  const state = slaState(c);
  const when = formatRelative(c.slaDueAt);
  const label =
    state === 'breached' ? `Breached ${when}` : state === 'closed' ? formatDateTime(c.slaDueAt) : `Due ${when}`;
  return (
    <span className={`sla sla--${state} ${slaClass[state]}`} title={`SLA due ${formatDateTime(c.slaDueAt)}`}>
      {state === 'breached' && <span className="sla__dot" aria-hidden="true" />}
      {label}
    </span>
  );
}
