// Prompt templates and the experiment split (pure).
import { describe, expect, it } from 'vitest';
import { experimentArm, renderPrompt, templateProblem } from '../../../../server/domain/assistant/prompts';

describe('prompt templates', () => {
  it('fills in the placeholders a prompt has and refuses ones it does not', () => {
    expect(renderPrompt('For {{userName}} ({{ userRole }}), {{today}}.', { userName: 'Priya', userRole: 'rep', today: '2026-12-02' })).toBe('For Priya (rep), 2026-12-02.');
    expect(templateProblem('ask', 'Hi {{userName}}, fiscal year from {{fiscalYearStart}}')).toBeNull();
    expect(templateProblem('ask', 'Hi {{password}} {{userName}}')).toBe('Unknown placeholder {{password}}: use {{userName}}, {{userRole}}, {{today}}, {{fiscalYearStart}}');
    expect(templateProblem('deal-review', 'Review for {{userName}}')).toBe('Unknown placeholder {{userName}}: this prompt has none');
  });
});

describe('experimentArm', () => {
  const users = Array.from({ length: 2000 }, (_, i) => `user-${i}`);

  it('puts about the given share of users in the challenger arm, the same way every time', () => {
    const share = (percent: number) => users.filter((u) => experimentArm(7, u, percent) === 'challenger').length / users.length;
    expect(share(0)).toBe(0);
    expect(share(100)).toBe(1);
    expect(share(30)).toBeGreaterThan(0.26);
    expect(share(30)).toBeLessThan(0.34);
    expect(users.map((u) => experimentArm(7, u, 30))).toEqual(users.map((u) => experimentArm(7, u, 30)));
  });

  it('draws a new split for each experiment, and keeps the system on the control version', () => {
    const a = users.map((u) => experimentArm(1, u, 50));
    const b = users.map((u) => experimentArm(2, u, 50));
    expect(a.filter((arm, i) => arm !== b[i]).length).toBeGreaterThan(users.length / 4);
    expect(experimentArm(1, null, 100)).toBe('control');
  });
});
