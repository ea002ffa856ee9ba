import { describe, expect, it } from 'vitest';
import { caseSlaAlert, deadJobAlert, localTime, projectHealthAlert } from '../../../server/domain/alerts';

const HOUR = 3_600_000;

describe('localTime', () => {
  it.each([
    ['2026-03-28T07:00:00Z', 'Europe/Berlin', '2026-03-28', 8], // CET, UTC+1
    ['2026-03-30T06:00:00Z', 'Europe/Berlin', '2026-03-30', 8], // CEST after the change, UTC+2
    ['2026-11-24T23:00:00Z', 'Asia/Tokyo', '2026-11-25', 8],
    ['2026-11-24T23:00:00Z', 'Not/AZone', '2026-11-24', 23], // unknown zones count as UTC
  ])('%s in %s is %s at %i', (iso, zone, date, hour) => {
    expect(localTime(new Date(iso), zone)).toEqual({ date, hour });
  });
});

describe('caseSlaAlert', () => {
  const opened = new Date('2026-11-23T00:00:00Z');
  const c = {
    id: 7,
    caseNumber: 'CS-000007',
    subject: 'Export broken',
    status: 'Working' as const,
    createdAt: opened,
    slaDueAt: new Date(opened.getTime() + 10 * HOUR),
    ownerId: 'u1',
    ownerTimeZone: 'Europe/London',
  };
  const at = (hours: number) => new Date(opened.getTime() + hours * HOUR);

  it('stays quiet while more than 20% of the window is left', () => {
    expect(caseSlaAlert(c, at(7.99))).toBeNull();
  });

  it('warns in the last 20% and after the due time, keyed by the due time', () => {
    expect(caseSlaAlert(c, at(8.5))).toMatchObject({
      title: 'Case CS-000007 is close to its SLA: Export broken',
      body: 'Due 23 Nov, 10:00 (Europe/London)',
      dedupeKey: `case-sla:7:${c.slaDueAt.getTime()}:u1`,
    });
    expect(caseSlaAlert(c, at(10.5))).toMatchObject({ title: 'Case CS-000007 is past its SLA: Export broken', body: 'Was due 23 Nov, 10:00 (Europe/London)' });
  });

  it('never alerts on a closed case', () => {
    expect(caseSlaAlert({ ...c, status: 'Closed' }, at(11))).toBeNull();
  });
});

describe('projectHealthAlert', () => {
  const p = { id: 3, projectName: 'Falcon', healthStatus: 'At Risk' as const, ownerId: 'u2' };
  it('shares one key per project, health and local day between the change and the morning check', () => {
    const change = projectHealthAlert(p, 'America/Chicago', new Date('2026-11-24T03:00:00Z'), 'changed'); // 21:00 on the 23rd
    const morning = projectHealthAlert(p, 'America/Chicago', new Date('2026-11-24T14:00:00Z'), 'still');
    expect(change.title).toBe('Falcon turned At Risk');
    expect(morning.title).toBe('Falcon is At Risk');
    expect(change.dedupeKey).toBe('project-health:3:At Risk:2026-11-23:u2');
    expect(morning.dedupeKey).toBe('project-health:3:At Risk:2026-11-24:u2');
  });
});

describe('deadJobAlert', () => {
  it('clips a long error and keys by the death', () => {
    const finishedAt = new Date('2026-11-23T10:00:00Z');
    const alert = deadJobAlert({ id: 9, type: 'x.y', lastError: 'e'.repeat(900), finishedAt }, 'admin1');
    expect(alert.body).toHaveLength(500);
    expect(alert.dedupeKey).toBe(`dead-job:9:${finishedAt.getTime()}:admin1`);
  });
});
