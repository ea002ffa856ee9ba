// The stage gate's question (shared/stageGate.ts): before a deal moves forward past stages whose expected
// fields are empty, fill them in here or leave them and say why; a jump of more than two stages is confirmed.
import { type FormEvent, useEffect, useId, useState } from 'react';
import { type GateField, gateFieldLabels, type StageGate } from '../../../../shared/stageGate';
import type { Stage } from '../../../../shared/stages';
import { Button } from '../Button';
import { Dialog } from '../Dialog';
import { TextareaField } from '../FormField';
import { AccountContactSelect } from './OpportunityFields';

/** What the mover answered: the fields filled in, and the ones left empty with the reason. */
export interface GateAnswer {
  fields: { identifiedPain?: string; decisionCriteria?: string; paperProcess?: string; economicBuyerContactId?: number };
  skipped: GateField[];
  reason: string | null;
}

const hints: Record<GateField, string> = {
  identifiedPain: 'The problem the customer needs solved (expected from Solution/Demo on).',
  decisionCriteria: 'How they will choose (expected from PoC/Trial on).',
  economicBuyerContactId: 'Who signs off on the budget (expected from Proposal on).',
  paperProcess: 'How the contract gets signed: legal, procurement, steps (expected from Negotiation on).',
};

export const GATE_REASON_REQUIRED = 'Say why these fields stay empty';

export function StageGateDialog({
  open,
  dealName,
  accountId,
  economicBuyerName,
  to,
  gate,
  pending,
  serverErrors,
  onSubmit,
  onCancel,
}: {
  open: boolean;
  dealName: string;
  accountId: number | null;
  economicBuyerName?: string | null;
  to: Stage;
  gate: StageGate;
  pending: boolean;
  serverErrors?: Record<string, string[]>;
  onSubmit: (answer: GateAnswer) => void;
  onCancel: () => void;
}) {
  const ids = useId();
  const [values, setValues] = useState<Partial<Record<GateField, string>>>({});
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (open) {
      setValues({});
      setReason('');
      setError(null);
    }
  }, [open]);

  const skipped = gate.missing.filter((f) => !values[f]?.trim());
  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const trimmed = reason.trim();
    if (skipped.length > 0 && !trimmed) return setError(GATE_REASON_REQUIRED);
    if (trimmed.length > 500) return setError('Keep the reason under 500 characters');
    const fields: GateAnswer['fields'] = {};
    for (const f of gate.missing) {
      const v = values[f]?.trim();
      if (!v) continue;
      if (f === 'economicBuyerContactId') fields[f] = Number(v);
      else fields[f] = v;
    }
    onSubmit({ fields, skipped, reason: skipped.length > 0 ? trimmed : null });
  };

  const reasonError = error ?? serverErrors?.gateSkipReason?.[0];
  const jumpText = gate.confirmJump
    ? `This moves the deal ${gate.steps} stages forward at once, past ${gate.jumped.join(', ')}.`
    : null;
  const title = gate.missing.length > 0 ? `Before ${to}` : `Move ${gate.steps} stages forward?`;

  return (
    <Dialog
      open={open}
      onClose={onCancel}
      title={title}
      description={
        <>
          <strong>{dealName}</strong>
          {gate.missing.length > 0
            ? ` is moving to ${to}. Fill in what you know; what you leave empty is skipped with a reason.`
            : ` moves to ${to}.`}
        </>
      }
      width={520}
      footer={
        <>
          <Button onClick={onCancel} disabled={pending}>
            Cancel
          </Button>
          <Button variant="primary" pending={pending} onClick={() => submit()}>
            {skipped.length > 0 ? `Skip and move to ${to}` : `Move to ${to}`}
          </Button>
        </>
      }
    >
      <form onSubmit={submit} noValidate className="opp-gate">
        {jumpText && (
          <p className="alert alert--warning opp-gate__jump" role="note">
            {jumpText}
          </p>
        )}
        {gate.missing.map((f) =>
          f === 'economicBuyerContactId' ? (
            <AccountContactSelect
              key={f}
              id={`${ids}-${f}`}
              name={f}
              label={gateFieldLabels[f]}
              hint={hints[f]}
              accountId={accountId}
              fallbackLabel={economicBuyerName}
              value={values[f] ?? ''}
              error={serverErrors?.[f]?.[0]}
              onChange={(v) => setValues((prev) => ({ ...prev, [f]: v }))}
            />
          ) : (
            <TextareaField
              key={f}
              id={`${ids}-${f}`}
              name={f}
              label={gateFieldLabels[f]}
              hint={hints[f]}
              rows={2}
              value={values[f] ?? ''}
              error={serverErrors?.[f]?.[0]}
              onChange={(v) => setValues((prev) => ({ ...prev, [f]: v }))}
            />
          ),
        )}
        {skipped.length > 0 && (
          <TextareaField
            id={`${ids}-reason`}
            name="gateSkipReason"
            label="Reason for skipping"
            required
            rows={2}
            hint={`Left empty: ${skipped.map((f) => gateFieldLabels[f]).join(', ')}. The reason is kept in the stage history.`}
            value={reason}
            error={reasonError}
            onChange={(v) => {
              setReason(v);
              setError(null);
            }}
          />
        )}
      </form>
    </Dialog>
  );
}
