// Hygiene words and shapes both sides need: category labels, and which deal fields each one-click fix changes.

export const hygieneCategoryLabels = {
  data_quality: 'Data quality',
  sales_hygiene: 'Sales hygiene',
  forecasting: 'Forecasting',
  progression: 'Progression',
  engagement: 'Engagement',
  compliance: 'Compliance',
} as const;

/** The deal fields each fix kind changes (all required); the probability fix sends none (back to the stage default). */
export const hygieneFixFields = {
  closeDate: ['closeDate'],
  nextStep: ['nextStep', 'nextStepDate'],
  economicBuyer: ['economicBuyerContactId'],
  champion: ['championContactId'],
  lossReason: ['lossReason'],
  identifiedPain: ['identifiedPain'],
  decisionCriteria: ['decisionCriteria'],
  decisionProcess: ['decisionProcess'],
  paperProcess: ['paperProcess'],
  owner: ['ownerId'],
  amount: ['amount'],
  probability: [],
} as const satisfies Record<string, readonly string[]>;
