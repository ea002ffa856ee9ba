// What a bulk stage change asks before it moves the selected deals: a Closed Lost's loss reason, and the
// stage gate (shared/stageGate.ts) of each deal it takes past empty expected fields or far forward. One
// reason covers them all; each deal's stage history keeps the fields its own move left empty.
import { useQuery } from '@tanstack/react-query';
import { useEffect, useId, useState } from 'react';
import { gateFieldLabels } from '../../../../shared/stageGate';
import { isOpenStage, type Stage } from '../../../../shared/stages';
import { lossReasons } from '../../../../shared/winLoss';
import { errorMessage } from '../../lib/errors';
import { useTRPC } from '../../trpc';
import type { BulkFieldQuestions } from '../BulkBar';
import { optionsOf, SelectField, TextareaField } from '../FormField';
import { GATE_REASON_REQUIRED } from './StageGateDialog';

const SHOWN = 8;

export const BulkStageQuestions: BulkFieldQuestions = ({ value, ids, nameOf, showErrors, onChange }) => {
  const stage = value as Stage;
  const trpc = useTRPC();
  const fieldIds = useId();
  const gates = useQuery({ ...trpc.opportunities.stageGates.queryOptions({ ids, stage }), enabled: isOpenStage(stage) });
  const [lossReason, setLossReason] = useState('');
  const [reason, setReason] = useState('');
  const skipping = (gates.data ?? []).filter((g) => g.missing.length > 0);
  const jumping = (gates.data ?? []).filter((g) => g.confirmJump);
  const trimmed = reason.trim();

  let missing: string | null = null;
  if (stage === 'Closed Lost') missing = lossReason ? null : 'Choose a loss reason';
  else if (isOpenStage(stage)) {
    if (gates.isPending) missing = 'Checking what the move asks of these deals…';
    else if (gates.isError) missing = errorMessage(gates.error);
    else if (skipping.length > 0 && !trimmed) missing = GATE_REASON_REQUIRED;
    else if (trimmed.length > 500) missing = 'Keep the reason under 500 characters';
  }
  const lossChange = stage === 'Closed Lost' && lossReason ? lossReason : null;
  const skipReason = skipping.length > 0 && trimmed ? trimmed : null;
  useEffect(() => {
    onChange({ changes: { ...(lossChange ? { lossReason: lossChange } : {}), ...(skipReason ? { gateSkipReason: skipReason } : {}) }, missing });
  }, [onChange, lossChange, skipReason, missing]);

  if (stage === 'Closed Lost') {
    return (
      <SelectField
        id={`${fieldIds}-loss`}
        name="lossReason"
        label="Loss reason"
        required
        placeholder="Choose a reason"
        options={optionsOf(lossReasons)}
        value={lossReason}
        error={showErrors && missing ? missing : undefined}
        onChange={setLossReason}
      />
    );
  }
  if (!isOpenStage(stage)) return null;
  if (gates.isPending) return <p className="muted-text">Checking what the move asks of these deals…</p>;
  if (gates.isError) {
    return (
      <p className="alert alert--error" role="alert">
        {errorMessage(gates.error)}
      </p>
    );
  }
  return (
    <div className="opp-gate">
      {jumping.length > 0 && (
        <div className="alert alert--warning opp-gate__jump" role="note">
          <p>
            {jumping.length === 1 ? 'One deal moves' : `${jumping.length} deals move`} more than two stages forward at once:
          </p>
          <ul className="bulk-names">
            {jumping.slice(0, SHOWN).map((g) => (
              <li key={g.id}>
                {nameOf(g.id)}: {g.steps} stages, past {g.jumped.join(', ')}
              </li>
            ))}
            {jumping.length > SHOWN && <li>and {jumping.length - SHOWN} more</li>}
          </ul>
        </div>
      )}
      {skipping.length > 0 && (
        <>
          <p>
            {skipping.length === 1 ? 'One deal moves' : `${skipping.length} deals move`} past fields {stage} expects, left empty:
          </p>
          <ul className="bulk-names">
            {skipping.slice(0, SHOWN).map((g) => (
              <li key={g.id}>
                {nameOf(g.id)}: {g.missing.map((f) => gateFieldLabels[f]).join(', ')}
              </li>
            ))}
            {skipping.length > SHOWN && <li className="muted-text">and {skipping.length - SHOWN} more</li>}
          </ul>
          <TextareaField
            id={`${fieldIds}-reason`}
            name="gateSkipReason"
            label="Reason for skipping"
            required
            rows={2}
            hint="Kept in each deal's stage history. To fill the fields in instead, cancel and move the deals one by one."
            value={reason}
            error={showErrors && missing ? missing : undefined}
            onChange={setReason}
          />
        </>
      )}
    </div>
  );
};
