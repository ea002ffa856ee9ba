// Digests as plain data (server/domain/README.md, "Digests"): when a user's digest is due in their own
// zone, whether it has anything to say, and how it reads as email (HTML and text) and in Slack.
import { DateTime } from 'luxon';
import { type DigestContent, type DigestFrequency, type DigestKind, WEEKLY_DIGEST_WEEKDAY } from '../../shared/schemas/delivery';
import { forecastChange } from '../../shared/digests';
import { formatMoney } from '../../shared/money';
import type { RelatedToType } from '../../shared/enums';
import { recordPath } from '../../shared/recordPaths';

/** A slot missed (no scheduler ran) is still sent this long after its time, never later. */
export const DIGEST_CATCH_UP_MS = 6 * 3_600_000;

export interface DigestSlot {
  kind: DigestFrequency;
  /** 2026-11-24 for a daily digest, 2026-W48 for a weekly one: the dedupe key's heart. */
  periodKey: string;
  /** When it is due, as an instant. */
  dueAt: Date;
  /** The local day it is due, for the digest's heading. */
  localDate: string;
}

function zoned(now: Date, timeZone: string): DateTime {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  return local.isValid ? local : DateTime.fromJSDate(now, { zone: 'UTC' });
}

function slotAt(kind: DigestFrequency, at: DateTime): DigestSlot {
  return {
    kind,
    periodKey: kind === 'daily' ? at.toISODate()! : at.toFormat("kkkk-'W'WW"),
    dueAt: at.toJSDate(),
    localDate: at.toISODate()!,
  };
}

/**
 * The latest slot at or before `now`: today's (or this Monday's) `hour`:00 in the zone, else the one before.
 * Wall-clock arithmetic in the zone, so a daylight-saving change moves the instant, never the local hour; an
 * hour that does not exist that day (spring forward) is the first minute after the gap.
 */
export function latestDigestSlot(s: { frequency: DigestFrequency; hour: number; timeZone: string }, now: Date): DigestSlot {
  const local = zoned(now, s.timeZone);
  const at = (d: DateTime) => d.set({ hour: s.hour, minute: 0, second: 0, millisecond: 0 });
  if (s.frequency === 'daily') {
    let candidate = at(local);
    if (candidate.toMillis() > now.getTime()) candidate = at(local.minus({ days: 1 }));
    return slotAt('daily', candidate);
  }
  let candidate = at(local.set({ weekday: WEEKLY_DIGEST_WEEKDAY }));
  if (candidate.toMillis() > now.getTime()) candidate = at(local.minus({ weeks: 1 }).set({ weekday: WEEKLY_DIGEST_WEEKDAY }));
  return slotAt('weekly', candidate);
}

/** The slot to send now, if its time has come within the catch-up window. */
export function dueDigestSlot(s: { frequency: DigestFrequency; hour: number; timeZone: string }, now: Date): DigestSlot | null {
  const slot = latestDigestSlot(s, now);
  return now.getTime() - slot.dueAt.getTime() < DIGEST_CATCH_UP_MS ? slot : null;
}

/** The next slot after `now`, for Settings ("next digest Monday 09:00"). */
export function nextDigestSlot(s: { frequency: DigestFrequency; hour: number; timeZone: string }, now: Date): DigestSlot {
  const latest = latestDigestSlot(s, now);
  const local = zoned(latest.dueAt, s.timeZone);
  const next = (s.frequency === 'daily' ? local.plus({ days: 1 }) : local.plus({ weeks: 1 })).set({ hour: s.hour, minute: 0, second: 0, millisecond: 0 });
  return slotAt(s.frequency, next);
}

export function periodLabel(kind: DigestKind, localDate: string, timeZone: string): string {
  const day = DateTime.fromISO(localDate, { zone: timeZone });
  return kind === 'weekly' ? `Week of ${day.toFormat('d LLLL yyyy')}` : day.toFormat('cccc d LLLL yyyy');
}

/** Nothing to say: every section is empty and the forecast call did not move. */
export function isDigestEmpty(content: DigestContent): boolean {
  const forecastMoved = content.forecast !== null && content.forecast.previousCall !== null && content.forecast.call !== content.forecast.previousCall;
  return !forecastMoved && content.sections.every((s) => s.rows.length === 0);
}

/** Coverage as the manager dashboard shows it: "2.5×", or a dash without a quota (or with it met). */
export function formatCoverage(ratio: number | null): string {
  return ratio === null ? '—' : `${ratio.toFixed(1)}×`;
}

export function recordUrl(publicUrl: string, link: { type: RelatedToType; id: number }): string {
  return `${publicUrl}${recordPath(link.type, link.id)}`;
}

const audienceTitles: Record<DigestContent['audience'], string> = {
  rep: 'Your pipeline',
  manager: 'Your team',
  csm: 'Your customers',
};

export function digestSubject(content: DigestContent, preview: boolean): string {
  return `${preview ? 'Preview: ' : ''}${content.title ?? audienceTitles[content.audience]} — ${content.periodLabel}`;
}

function forecastLine(content: DigestContent): string | null {
  const f = content.forecast;
  if (!f) return null;
  const change = forecastChange(f.call, f.previousCall);
  const who = content.audience === 'manager' ? 'Team forecast call' : 'Forecast call';
  const since = content.audience === 'manager' ? 'since last week' : 'since the last digest';
  return `${who} for ${f.label}: ${formatMoney(f.call)}${change ? ` (${change} ${since})` : ''}`;
}

const NOTHING = 'Nothing needs you today: a scheduled digest like this one would not be sent.';

export function digestText(content: DigestContent, publicUrl: string, preview = false): string {
  const lines = [digestSubject(content, preview), ''];
  const forecast = forecastLine(content);
  if (forecast) lines.push(forecast, '');
  if (content.notes?.length) lines.push(...content.notes, '');
  const filled = content.sections.filter((s) => s.rows.length > 0);
  if (filled.length === 0) lines.push(NOTHING, '');
  for (const section of filled) {
    lines.push(`${section.title} (${section.rows.length + section.more})`);
    for (const row of section.rows) {
      lines.push(`- ${row.cells.join(' · ')}${row.link ? `\n  ${recordUrl(publicUrl, row.link)}` : ''}`);
    }
    if (section.more > 0) lines.push(`  …and ${section.more} more`);
    lines.push('');
  }
  lines.push(`Change what you receive: ${publicUrl}/settings/notifications`);
  return lines.join('\n');
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function digestHtml(content: DigestContent, publicUrl: string, preview = false): string {
  const cell = 'padding:6px 10px;border-bottom:1px solid #e2e2e6;text-align:left;font-size:13px';
  const parts = [
    `<div style="font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;color:#18181c;max-width:720px">`,
    `<h1 style="font-size:18px;margin:0 0 12px">${escapeHtml(digestSubject(content, preview))}</h1>`,
  ];
  const forecast = forecastLine(content);
  if (forecast) parts.push(`<p style="font-size:14px">${escapeHtml(forecast)}</p>`);
  for (const note of content.notes ?? []) parts.push(`<p style="font-size:14px;margin:4px 0">${escapeHtml(note)}</p>`);
  const filled = content.sections.filter((s) => s.rows.length > 0);
  if (filled.length === 0) parts.push(`<p style="font-size:14px;color:#62626c">${escapeHtml(NOTHING)}</p>`);
  for (const section of filled) {
    parts.push(`<h2 style="font-size:15px;margin:20px 0 6px">${escapeHtml(section.title)} (${section.rows.length + section.more})</h2>`);
    parts.push(`<table style="border-collapse:collapse;width:100%"><thead><tr>`);
    for (const c of section.columns) parts.push(`<th style="${cell};color:#62626c;font-weight:600">${escapeHtml(c)}</th>`);
    parts.push(`</tr></thead><tbody>`);
    for (const row of section.rows) {
      parts.push('<tr>');
      row.cells.forEach((c, i) => {
        const value = i === 0 && row.link ? `<a href="${escapeHtml(recordUrl(publicUrl, row.link))}" style="color:#4343b0">${escapeHtml(c)}</a>` : escapeHtml(c);
        parts.push(`<td style="${cell}">${value}</td>`);
      });
      parts.push('</tr>');
    }
    parts.push('</tbody></table>');
    if (section.more > 0) parts.push(`<p style="font-size:12px;color:#62626c">…and ${section.more} more</p>`);
  }
  parts.push(
    `<p style="font-size:12px;color:#80808b;margin-top:24px"><a href="${escapeHtml(`${publicUrl}/settings/notifications`)}" style="color:#80808b">Change what you receive</a></p>`,
    '</div>',
  );
  return parts.join('');
}

/** Slack's mrkdwn escapes only &, < and >. */
const escapeSlack = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function digestSlackText(content: DigestContent, publicUrl: string, preview = false): string {
  const lines = [`*${escapeSlack(digestSubject(content, preview))}*`];
  const forecast = forecastLine(content);
  if (forecast) lines.push(escapeSlack(forecast));
  for (const note of content.notes ?? []) lines.push(escapeSlack(note));
  const filled = content.sections.filter((s) => s.rows.length > 0);
  if (filled.length === 0) lines.push(escapeSlack(NOTHING));
  for (const section of filled) {
    lines.push('', `*${escapeSlack(section.title)}* (${section.rows.length + section.more})`);
    for (const row of section.rows) {
      const [first = '', ...rest] = row.cells.map(escapeSlack);
      const name = row.link ? `<${recordUrl(publicUrl, row.link)}|${first}>` : first;
      lines.push(`• ${[name, ...rest].join(' · ')}`);
    }
    if (section.more > 0) lines.push(`_…and ${section.more} more_`);
  }
  return lines.join('\n');
}
