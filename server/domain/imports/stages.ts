// Other CRMs' deal stages onto ours. HubSpot's default pipeline (labels and internal values: "Qualified To Buy",
// qualifiedtobuy), Salesforce's standard stages (Needs Analysis, Proposal/Price Quote ...), the Maven data set's
// (Won, Lost, Engaging) and our own names. Values compare like headers (lower case, letters and digits only,
// accents dropped), so "Closed Won", "closedwon" and "Closed: won" are one value. A value nobody knows is left
// for the user to map in the preview; a row whose stage stays unmapped is rejected.
import { type Stage, stages } from '../../../shared/stages';

export const normaliseValue = (value: string) =>
  value
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');

const builtIn: Record<string, Stage> = {
  ...Object.fromEntries(stages.map((s) => [normaliseValue(s), s])),
  // HubSpot's default sales pipeline, in order (internal values equal the labels normalised).
  appointmentscheduled: 'Prospecting',
  qualifiedtobuy: 'Discovery',
  presentationscheduled: 'Solution/Demo',
  decisionmakerboughtin: 'Proposal',
  contractsent: 'Negotiation',
  // Salesforce's standard opportunity stages.
  qualification: 'Discovery',
  needsanalysis: 'Discovery',
  valueproposition: 'Solution/Demo',
  iddecisionmakers: 'Solution/Demo',
  perceptionanalysis: 'PoC/Trial',
  proposalpricequote: 'Proposal',
  negotiationreview: 'Negotiation',
  // Maven's CRM sales opportunities, and words most pipelines use.
  won: 'Closed Won',
  lost: 'Closed Lost',
  engaging: 'Discovery',
  qualified: 'Discovery',
  demo: 'Solution/Demo',
  trial: 'PoC/Trial',
  poc: 'PoC/Trial',
  pilot: 'PoC/Trial',
  securityreview: 'Security Review',
  closedwon: 'Closed Won',
  closedlost: 'Closed Lost',
};

/**
 * Our stage for a value of the file: the user's mapping first (by the value as written; null there means
 * "reject these rows"), then the built-in table. An empty cell is Prospecting, as on the deal form.
 */
export function stageFrom(value: string, mapping: Record<string, Stage | null> | undefined): Stage | null {
  const raw = value.trim();
  if (mapping && Object.hasOwn(mapping, raw)) return mapping[raw] ?? null;
  if (!raw) return 'Prospecting';
  return builtIn[normaliseValue(raw)] ?? null;
}

/** The proposal for each distinct value the preview shows: ours when the built-in table knows it, else null. */
export function proposeStageMapping(values: string[]): Record<string, Stage | null> {
  return Object.fromEntries(values.map((v) => [v, stageFrom(v, undefined)]));
}
