// The demo shows deal reviews without a key: a few open deals carry a stored example review citing their own data.
import { beforeAll, describe, expect, it } from 'vitest';
import { aiReviews, users } from '../../../drizzle/schema';
import { loadDemoData } from '../../../server/services/demoData';
import { dealReviewAnswer } from '../../../shared/schemas/assistant';
import { callerFor } from '../../helpers/context';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const now = new Date('2026-12-02T10:00:00.000Z');

beforeAll(async () => {
  await loadDemoData(t.db, now);
}, 90_000);

describe('demo deal reviews', () => {
  it('stores valid reviews whose every citation names data of the deal, readable by a rep without a key', async () => {
    const rows = await t.db.select().from(aiReviews);
    expect(rows).toHaveLength(5);
    const [rep] = (await t.db.select().from(users)).filter((u) => u.role === 'rep');
    for (const row of rows) {
      expect(row).toMatchObject({ status: 'complete', model: 'demo', requestedById: null });
      expect(dealReviewAnswer.safeParse(row.result).success).toBe(true);
      const result = row.result!;
      for (const point of [...result.risks, ...result.missing, ...result.nextActions]) {
        for (const cite of point.cites) expect(result.sources[cite]).toBeTruthy();
      }
      expect(result.nextActions.length).toBeGreaterThanOrEqual(1);
    }
    const caller = callerFor(t, { id: rep!.id, email: rep!.email, name: rep!.name, role: 'rep', active: true, timeZone: 'UTC' });
    const listed = await caller.ai.listReviews({ opportunityId: rows[0]!.opportunityId });
    expect(listed).toHaveLength(1);
    expect(listed[0]!.requestedByName).toBeNull();
  });

  it('keeps a conversation for Priya, answered through the real tool as her', async () => {
    const priya = (await t.db.select().from(users)).find((u) => u.email === 'priya.natarajan@example.com')!;
    const caller = callerFor(t, { id: priya.id, email: priya.email, name: priya.name, role: 'rep', active: true, timeZone: 'UTC' });
    const [conversation] = await caller.ai.conversations();
    const { messages } = await caller.ai.conversation({ id: conversation!.id });
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant']);
    const answer = messages[1]!;
    expect(answer.steps).toEqual([expect.objectContaining({ tool: 'list_opportunities', ok: true })]);
    expect(answer.links!.length).toBeGreaterThan(0);
    const deal = await caller.opportunities.getById({ id: answer.links![0]!.id });
    expect(deal.ownerId).toBe(priya.id);
    expect(deal.economicBuyerContactId).toBeNull();
    // Its answer can be saved as a report, which lists the same deals (no key needed to preview it).
    const report = await caller.ai.answerReport({ messageId: answer.id });
    if (!report.available) throw new Error(report.reason);
    expect(report.preview.rows.map((r) => r.id).sort()).toEqual(answer.links!.map((l) => l.id).sort());
  });

  it('has Ask the CRM version 2 in an experiment against version 1, for the prompts page', async () => {
    const admin = (await t.db.select().from(users)).find((u) => u.email === 'admin@example.com')!;
    const caller = callerFor(t, { id: admin.id, email: admin.email, name: admin.name, role: 'admin', active: true, timeZone: 'UTC' });
    const ask = (await caller.ai.prompts.list()).find((p) => p.feature === 'ask')!;
    expect(ask.versions.map((v) => [v.label, v.active, v.note])).toEqual([
      ['ask/2', false, 'Lead with the answer'],
      ['ask/1', true, null],
    ]);
    expect(ask.experiment).toMatchObject({ challengerPercent: 50, control: { label: 'ask/1' }, challenger: { label: 'ask/2' }, endedAt: null });
  });
});
