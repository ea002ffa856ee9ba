import { describe, expect, it } from 'vitest';
import { compareReviews } from '../../../server/domain/pipelineReviews';

describe('compareReviews', () => {
  it('names what is new, what was resolved and what is still open, and how health moved', () => {
    const c = compareReviews({ openKeys: ['a:1', 'b:2', 'c:3'], health: 58 }, { openKeys: ['b:2', 'c:3', 'd:4'], health: 62 });
    expect(c).toMatchObject({ added: ['d:4'], resolved: ['a:1'], stillOpen: 2, changed: true });
    expect(c.notes).toEqual(['Pipeline health: 62 (was 58)', '1 new, 1 resolved, 2 still open since the last review']);
  });

  it('has nothing to say when nothing moved', () => {
    expect(compareReviews({ openKeys: ['a:1'], health: 75 }, { openKeys: ['a:1'], health: 75 }).changed).toBe(false);
  });

  it('introduces the first review', () => {
    expect(compareReviews(null, { openKeys: ['a:1', 'b:2'], health: null }).notes).toEqual([
      'Pipeline health: no open deals in scope',
      'First review: 2 open issues',
    ]);
  });
});
