// The plain fact records the rules read: one per record, gathered for the whole pipeline by a few set-based
// queries (server/hygiene/facts.ts) or built from an uploaded file. No I/O here.
import type { CasePriority, CaseStatus, ProjectStatus, SecurityPosture } from '../../../shared/enums';
import type { ForecastCategory, Stage } from '../../../shared/stages';

export interface OpportunityFacts {
  id: number;
  name: string;
  ownerId: string;
  ownerName: string;
  ownerActive: boolean;
  accountId: number | null;
  stage: Stage;
  /** Whole cents; null when empty. */
  amountCents: number | null;
  closeDate: string | null;
  probability: number;
  forecastCategory: ForecastCategory;
  nextStep: string | null;
  nextStepDate: string | null;
  economicBuyerContactId: number | null;
  championContactId: number | null;
  identifiedPain: string | null;
  decisionCriteria: string | null;
  decisionProcess: string | null;
  paperProcess: string | null;
  lossReason: string | null;
  pushCount: number;
  createdAt: Date;
  stageEnteredAt: Date;
  /** Latest customer activity on the deal (null: none). */
  lastActivityAt: Date | null;
  /** Economic buyer, champion and the people on the deal, counted once each. */
  contactCount: number;
  /** Their latest activity each (null: none), so a rule counts those engaged in its own window. */
  contactLastActivity: (Date | null)[];
  championLastActivityAt: Date | null;
  lastMeetingAt: Date | null;
  /** Latest inbound and outbound email on the deal: enough for "all outbound in N days" and "unanswered". */
  lastInboundEmailAt: Date | null;
  lastOutboundEmailAt: Date | null;
  overdueTasks: number;
  lineItemCount: number;
  /** The largest line-item discount, percent (0 when none). */
  maxDiscountPercent: number;
  /** A note on the deal says the discount was approved ("Discount approved ..."); only looked up when there is a discount. */
  discountApproved: boolean;
  /** From the stage history: the largest forward move in stages (0: none), the latest move back. */
  maxForwardJump: number;
  lastBackwardMoveAt: Date | null;
  /** Ever been in a stage after Prospecting. */
  everAdvanced: boolean;
  everInSecurityReview: boolean;
  accountSecurityPosture: SecurityPosture | null;
}

export interface AccountFacts {
  id: number;
  ownerId: string;
  name: string;
  industry: string | null;
  domain: string | null;
  /** How many live accounts share this domain (1 = only this one). */
  domainCount: number;
  hasWonDeal: boolean;
  lastActivityAt: Date | null;
  createdAt: Date;
}

export interface ContactFacts {
  id: number;
  ownerId: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** How many contacts share this email, case-insensitively (1 = only this one). */
  emailCount: number;
}

export interface ProjectFacts {
  id: number;
  ownerId: string;
  name: string;
  status: ProjectStatus;
  startDate: string | null;
  createdAt: Date;
  expectedUsers: number;
  activeUsers: number;
  overdueMilestones: number;
}

export interface CaseFacts {
  id: number;
  ownerId: string;
  name: string;
  status: CaseStatus;
  priority: CasePriority;
  slaDueAt: Date;
  createdAt: Date;
}

/** What rules compare a deal with: the rest of the pipeline. */
export interface PipelineStats {
  /** Median amount (cents) of each owner's open deals with an amount. */
  ownerMedianAmountCents: Map<string, number>;
  /** Days each deal spent in a stage, for deals that left it within the history window, per stage. */
  stageDurations: Map<Stage, { leftAt: Date; days: number }[]>;
  productsExist: boolean;
}

export interface Facts {
  opportunities: OpportunityFacts[];
  accounts: AccountFacts[];
  contacts: ContactFacts[];
  projects: ProjectFacts[];
  cases: CaseFacts[];
  stats: PipelineStats;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Medians of open deals' amounts per owner, from the deals themselves. */
export function ownerMedians(deals: readonly Pick<OpportunityFacts, 'ownerId' | 'stage' | 'amountCents'>[], isOpen: (s: Stage) => boolean) {
  const byOwner = new Map<string, number[]>();
  for (const d of deals) {
    if (!isOpen(d.stage) || !d.amountCents) continue;
    const list = byOwner.get(d.ownerId) ?? [];
    list.push(d.amountCents);
    byOwner.set(d.ownerId, list);
  }
  const out = new Map<string, number>();
  for (const [owner, amounts] of byOwner) out.set(owner, median(amounts)!);
  return out;
}
