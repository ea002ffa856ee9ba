// What sample deals are made of: the product catalogue, deal names, the stages a deal went through,
// MEDDIC notes, next steps, competitors and loss reasons.
import type { Random } from '../../../domain/random';
import { stages, type Stage } from '../../../../shared/stages';

/** Maven's products.csv (the data set's hardware) plus the services a hardware seller attaches to it. */
export const sampleProducts = [
  { productName: 'GTX Basic', productCode: 'GTX-BASIC', category: 'GTX series', listPrice: '550.00' },
  { productName: 'GTX Pro', productCode: 'GTX-PRO', category: 'GTX series', listPrice: '4821.00' },
  { productName: 'GTX Plus Basic', productCode: 'GTX-PLUS-BASIC', category: 'GTX series', listPrice: '1096.00' },
  { productName: 'GTX Plus Pro', productCode: 'GTX-PLUS-PRO', category: 'GTX series', listPrice: '5482.00' },
  { productName: 'MG Special', productCode: 'MG-SPECIAL', category: 'MG series', listPrice: '55.00' },
  { productName: 'MG Advanced', productCode: 'MG-ADVANCED', category: 'MG series', listPrice: '3393.00' },
  { productName: 'GTK 500', productCode: 'GTK-500', category: 'GTK series', listPrice: '26768.00' },
  { productName: 'Installation & Setup', productCode: 'SVC-INSTALL', category: 'Services', listPrice: '1500.00' },
  { productName: 'Extended Warranty (3 years)', productCode: 'SVC-WARRANTY-3Y', category: 'Services', listPrice: '450.00' },
  { productName: 'Premium Support (annual)', productCode: 'SUP-PREMIUM', category: 'Support', listPrice: '12000.00' },
] as const;

/** A sensible quantity range per product: many cheap units, few expensive ones. */
export function quantityRange(listPrice: string): [number, number] {
  const price = Number(listPrice);
  if (price < 100) return [50, 400];
  if (price < 1000) return [10, 120];
  if (price < 6000) return [5, 60];
  if (price < 15000) return [1, 3];
  return [1, 4];
}

export const discountChoices = ['0', '0', '5', '10', '12.5', '15'] as const;

export const dealInitiatives = [
  'Workstation refresh', 'Branch office rollout', 'GTK 500 data center upgrade', 'Field team devices',
  'Warehouse expansion', 'MG fleet renewal', 'Pilot program', 'Head office upgrade', 'Support renewal',
  'New site fit-out', 'Capacity expansion', 'Store rollout', 'Lab equipment refresh', 'Disaster recovery site',
] as const;

/** A sales-shaped amount: log-uniform, rounded to hundreds, as a DECIMAL(15,2) string. */
export function dealAmount(rng: Random, min = 8_000, max = 400_000): string {
  return `${Math.round(rng.logUniform(min, max) / 100) * 100}.00`;
}

const openStages = stages.slice(0, 7);

/**
 * The stages a deal went through to reach `stage`, oldest first, ending with `stage`: deals start at
 * Prospecting or Discovery and sometimes skip a step; a lost deal dropped out at any open stage.
 */
export function stagePath(rng: Random, stage: Stage): Stage[] {
  const pathTo = (last: number): Stage[] => {
    const first = last >= 1 && rng.chance(0.3) ? 1 : 0;
    const path: Stage[] = [];
    for (let i = first; i <= last; i += 1) {
      if (i === first || i === last || rng.chance(0.8)) path.push(openStages[i]!);
    }
    return path;
  };
  if (stage === 'Closed Won') return [...pathTo(rng.chance(0.8) ? 6 : 5), stage];
  if (stage === 'Closed Lost') return [...pathTo(rng.weighted([[0, 1], [1, 3], [2, 3], [3, 2], [4, 2], [5, 2], [6, 1]])), stage];
  return pathTo(stages.indexOf(stage));
}

/** Stage mix of a healthy pipeline: more early deals than late ones, a year of closed history. */
export const stageWeights: readonly (readonly [Stage, number])[] = [
  ['Prospecting', 14],
  ['Discovery', 13],
  ['Solution/Demo', 12],
  ['PoC/Trial', 9],
  ['Security Review', 7],
  ['Proposal', 9],
  ['Negotiation', 8],
  ['Closed Won', 16],
  ['Closed Lost', 12],
];

export const nextStepsOfStage: Record<Stage, readonly string[]> = {
  Prospecting: ['Book discovery call', 'Send intro deck and case studies', 'Find the IT decision maker'],
  Discovery: ['Map stakeholders and budget owner', 'Schedule demo with IT team', 'Collect fleet inventory'],
  'Solution/Demo': ['Tailored demo for operations', 'Share two reference customers', 'Agree PoC scope'],
  'PoC/Trial': ['Confirm PoC success criteria', 'Ship trial units', 'PoC review meeting'],
  'Security Review': ['Complete security questionnaire', 'Call with their CISO', 'Send SOC 2 report'],
  Proposal: ['Send revised proposal', 'Pricing call with procurement', 'Walk CFO through ROI'],
  Negotiation: ['Legal review of MSA redlines', 'Final pricing approval', 'Signature from CFO'],
  'Closed Won': [],
  'Closed Lost': [],
};

export const meddicNotes = {
  metrics: [
    'Cut workstation downtime from 6% to under 2%',
    'Save about $400k a year in field-service travel',
    'Replace 1,200 end-of-life units before the support cutoff',
    'Open new branches in 5 days instead of 3 weeks',
    'Halve help-desk tickets about slow machines',
  ],
  identifiedPain: [
    'Ageing fleet fails during peak season',
    'Current vendor misses delivery dates by 4-6 weeks',
    'No central view of hardware across sites',
    'Security audit flagged unpatched devices',
    'Support contract on the old fleet ends this year',
  ],
  decisionCriteria: [
    'Five-year cost, next-business-day on-site support, works with existing MG units',
    'Delivery within 30 days, remote management, energy use',
    'Price per seat and a 3-year warranty',
  ],
  decisionProcess: [
    'IT evaluates, CFO approves above $100k, board signs off at quarter end',
    'Steering committee picks a vendor after the PoC; procurement runs the paperwork',
    'Head of Operations decides with the CIO; finance checks budget',
  ],
  paperProcess: [
    'MSA through Legal (about 2 weeks), then a PO in the procurement portal',
    'Vendor onboarding form, security addendum, PO signed by the CFO',
    'Framework agreement already in place: a call-off order is enough',
  ],
  competition: [
    'Incumbent offers a 15% renewal discount',
    'Two vendors in the bake-off',
    'Status quo: extend the warranty on the current fleet',
  ],
} as const;

/** Invented competitors (names used in product documentation as examples). */
export const competitors = ['Northwind Systems', 'Contoso Hardware', 'Fabrikam', 'Tailspin Technologies', 'Litware', 'Proseware'] as const;

export const lossReasons = ['Lost to competitor', 'Price', 'No decision', 'Budget cut', 'Timing', 'Missing capability'] as const;
