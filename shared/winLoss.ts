// The primary reasons a deal is won or lost (server/domain/README.md, "Win/loss"). Free text is allowed too.

export const winReasons = ['Product fit', 'Relationship / champion', 'Price / value', 'Timing', 'Competition weak'] as const;

export const lossReasons = [
  'Price',
  'Missing features',
  'Timing / no decision',
  'Lost to competitor',
  'Champion left',
  'No budget',
  'Went dark',
] as const;
