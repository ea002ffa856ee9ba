// The stage gate (server/domain/README.md, "Stage gate"): moving a deal forward past a stage whose expected
// field is empty asks for it, or for a reason to skip it; a jump of more than two stages asks to confirm.
// The board, the stage path and the edit form ask through it; the server stores the reason.
import { isOpenStage, type Stage, stageOrder } from './stages';
import { stagesJumped } from './stagePath';

export const gateFields = ['identifiedPain', 'decisionCriteria', 'economicBuyerContactId', 'paperProcess'] as const;
export type GateField = (typeof gateFields)[number];

/** The first stage at which each field is expected (the hygiene rules 28, 29, 30 and 32 start there). */
export const gateFieldStage: Record<GateField, Stage> = {
  identifiedPain: 'Solution/Demo',
  decisionCriteria: 'PoC/Trial',
  economicBuyerContactId: 'Proposal',
  paperProcess: 'Negotiation',
};

export const gateFieldLabels: Record<GateField, string> = {
  identifiedPain: 'Identified pain',
  decisionCriteria: 'Decision criteria',
  economicBuyerContactId: 'Economic buyer',
  paperProcess: 'Paper process',
};

/** Moves of more than this many stages forward at once ask for confirmation (hygiene rule 26). */
export const MAX_UNCONFIRMED_JUMP = 2;

export type GateValues = Partial<Record<GateField, string | number | null>>;

export interface StageGate {
  /** Expected fields of the stages this move reaches or passes that are empty, in stage order. */
  missing: GateField[];
  /** The open stages jumped over. */
  jumped: Stage[];
  /** Stages forward (negative: backwards). */
  steps: number;
  confirmJump: boolean;
  /** Whether the move must ask before it is made. */
  asks: boolean;
}

const isEmpty = (v: string | number | null | undefined) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/**
 * The gate of a move from `from` to `to` for a deal holding `values`. Only forward moves between open
 * stages ask: closing has its own dialogs (loss reason, win/loss), and going back needs nothing.
 */
export function stageGate(from: Stage, to: Stage, values: GateValues): StageGate {
  const steps = stageOrder(to) - stageOrder(from);
  if (!isOpenStage(from) || !isOpenStage(to) || steps <= 0) return { missing: [], jumped: [], steps, confirmJump: false, asks: false };
  const missing = [...gateFields]
    .filter((f) => {
      const at = stageOrder(gateFieldStage[f]);
      return at > stageOrder(from) && at <= stageOrder(to) && isEmpty(values[f]);
    })
    .sort((a, b) => stageOrder(gateFieldStage[a]) - stageOrder(gateFieldStage[b]));
  const confirmJump = steps > MAX_UNCONFIRMED_JUMP;
  return { missing, jumped: stagesJumped(from, to), steps, confirmJump, asks: missing.length > 0 || confirmJump };
}
