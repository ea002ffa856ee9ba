import { describe, expect, it } from 'vitest';
import { digestHtml, digestSlackText, digestText, dueDigestSlot, formatCoverage, isDigestEmpty, latestDigestSlot, nextDigestSlot } from '../../../server/domain/digests';
import type { DigestContent } from '../../../shared/schemas/delivery';

const ny = { frequency: 'daily' as const, hour: 9, timeZone: 'America/New_York' };

describe('digest slots', () => {
  it.each([
    // before and after the US change on 1 November 2026: 09:00 local is 13:00 UTC, then 14:00 UTC
    ['2026-10-31T13:30:00Z', '2026-10-31', '2026-10-31T13:00:00.000Z'],
    ['2026-11-01T13:30:00Z', '2026-10-31', '2026-10-31T13:00:00.000Z'],
    ['2026-11-01T14:00:00Z', '2026-11-01', '2026-11-01T14:00:00.000Z'],
    ['2026-11-02T03:00:00Z', '2026-11-01', '2026-11-01T14:00:00.000Z'],
  ])('daily at 09:00 New York, at %s the latest slot is %s (%s)', (now, periodKey, dueAt) => {
    expect(latestDigestSlot(ny, new Date(now))).toMatchObject({ kind: 'daily', periodKey, dueAt: new Date(dueAt) });
  });

  it('puts an hour that does not exist (spring forward) at the first minute after the gap', () => {
    const slot = latestDigestSlot({ frequency: 'daily', hour: 2, timeZone: 'Europe/Berlin' }, new Date('2026-03-29T05:00:00Z'));
    expect(slot).toMatchObject({ periodKey: '2026-03-29', dueAt: new Date('2026-03-29T01:00:00.000Z') }); // 03:00 CEST
  });

  it('sends weekly digests on Monday mornings, keyed by ISO week', () => {
    const weekly = { frequency: 'weekly' as const, hour: 9, timeZone: 'Europe/London' };
    expect(latestDigestSlot(weekly, new Date('2026-11-25T12:00:00Z'))).toMatchObject({ periodKey: '2026-W48', dueAt: new Date('2026-11-23T09:00:00.000Z') });
    expect(latestDigestSlot(weekly, new Date('2026-11-23T08:59:00Z'))).toMatchObject({ periodKey: '2026-W47' });
    expect(nextDigestSlot(weekly, new Date('2026-11-25T12:00:00Z')).dueAt).toEqual(new Date('2026-11-30T09:00:00.000Z'));
  });

  it('is due for six hours after its time, then left for the next one', () => {
    expect(dueDigestSlot(ny, new Date('2026-11-24T19:59:00Z'))?.periodKey).toBe('2026-11-24');
    expect(dueDigestSlot(ny, new Date('2026-11-24T20:00:00Z'))).toBeNull();
  });
});

const content = (rows: DigestContent['sections'][number]['rows'], forecast: DigestContent['forecast'] = null): DigestContent => ({
  audience: 'rep',
  recipientName: 'Priya',
  periodLabel: 'Tuesday 24 November 2026',
  forecast,
  sections: [{ key: 'atRisk', title: 'At-risk deals', columns: ['Deal', 'Health'], rows, more: 0 }],
});

describe('digest content', () => {
  it('is empty with no rows and an unmoved forecast, not when the forecast moved', () => {
    expect(isDigestEmpty(content([]))).toBe(true);
    expect(isDigestEmpty(content([], { label: 'Q4 2026', call: '100.00', previousCall: '100.00' }))).toBe(true);
    expect(isDigestEmpty(content([], { label: 'Q4 2026', call: '150.00', previousCall: '100.00' }))).toBe(false);
  });

  it('escapes what records say, and links each row to its record', () => {
    const c = content([{ link: { type: 'opportunity', id: 7 }, cells: ['<b>Acme</b> & Co', '25'] }], { label: 'Q4 2026', call: '150.00', previousCall: '100.00' });
    const html = digestHtml(c, 'https://crm.example.com');
    expect(html).toContain('<a href="https://crm.example.com/opportunities/7" style="color:#4343b0">&lt;b&gt;Acme&lt;/b&gt; &amp; Co</a>');
    expect(html).not.toContain('<b>Acme');
    const text = digestText(c, 'https://crm.example.com');
    expect(text).toContain('Forecast call for Q4 2026: $150 (+$50 since the last digest)');
    expect(text).toContain('- <b>Acme</b> & Co · 25\n  https://crm.example.com/opportunities/7');
    expect(digestSlackText(c, 'https://crm.example.com')).toContain('• <https://crm.example.com/opportunities/7|&lt;b&gt;Acme&lt;/b&gt; &amp; Co> · 25');
  });
});

describe('formatCoverage', () => {
  it('reads as the manager dashboard shows it, a dash without a quota or with it met', () => {
    expect(formatCoverage(1.5)).toBe('1.5×');
    expect(formatCoverage(0.333333)).toBe('0.3×');
    expect(formatCoverage(null)).toBe('—');
  });
});
