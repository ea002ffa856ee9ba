import { describe, expect, it } from 'vitest';
import { completionTime } from '../../../server/domain/completion';

const now = new Date('2026-11-23T10:00:00.000Z');
const earlier = new Date('2026-11-01T08:00:00.000Z');

describe('completion time of a case or milestone', () => {
  it('is now when a new record starts done', () => {
    expect(completionTime(null, true, now)).toEqual(now);
  });
  it('is null while not done', () => {
    expect(completionTime(null, false, now)).toBeNull();
    expect(completionTime({ done: false, at: null }, false, now)).toBeNull();
  });
  it('is stamped on the way in', () => {
    expect(completionTime({ done: false, at: null }, true, now)).toEqual(now);
  });
  it('keeps the first stamp while it stays done', () => {
    expect(completionTime({ done: true, at: earlier }, true, now)).toEqual(earlier);
  });
  it('is cleared when reopened', () => {
    expect(completionTime({ done: true, at: earlier }, false, now)).toBeNull();
  });
  it('repairs a done record that never got a stamp', () => {
    expect(completionTime({ done: true, at: null }, true, now)).toEqual(now);
  });
});
