import { describe, expect, it } from 'vitest';
import { healthLabel, isLowAdoption, leadQualification } from '../../../shared/scoreBands';

describe('leadQualification', () => {
  it.each([
    [0, null],
    [49, null],
    [50, 'MQL'],
    [74, 'MQL'],
    [75, 'SQL'],
    [100, 'SQL'],
  ])('%i -> %s', (score, band) => {
    expect(leadQualification(score)).toBe(band);
  });
});

describe('healthLabel', () => {
  it.each([
    [100, 'Healthy'],
    [80, 'Healthy'],
    [79, 'At risk'],
    [50, 'At risk'],
    [49, 'Critical'],
    [0, 'Critical'],
  ])('%i -> %s', (score, label) => {
    expect(healthLabel(score)).toBe(label);
  });
});

describe('isLowAdoption', () => {
  it('flags fewer than half of the expected users, and nothing when none are expected', () => {
    expect(isLowAdoption(4, 10)).toBe(true);
    expect(isLowAdoption(5, 10)).toBe(false);
    expect(isLowAdoption(0, 0)).toBe(false);
  });
});
