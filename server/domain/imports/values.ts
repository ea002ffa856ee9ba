// Cells as other CRMs write them, turned into what our form schemas take. Only the source's formatting is
// undone ("$1,200.50", "140000.0", "2023-05-11 00:00:00", "50.0"); anything else is passed on as written, so
// the form's own rule refuses it with the form's own message.

/** "$1,200.50", "1 200", "1.03444E11", "9225.225" -> a decimal string with at most 2 decimals (rounded to cents). */
export function amountCell(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  const bare = text.replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$/g, '').replace(/[$€£¥\s,]/g, '');
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(bare)) return text;
  const n = Number(bare);
  if (!Number.isFinite(n)) return text;
  // Rounded in integer cents so 9225.225 gives 9225.23 (binary floating point would say 9225.22).
  const cents = Math.round(Number((n * 100).toPrecision(15)));
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "2023-05-11 00:00:00", "2020-12-22T21:16:01Z" -> "2023-05-11"; other text is left for the schema to refuse. */
export function dateCell(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (!text) return null;
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  return iso ? iso[1]! : text;
}

/** A point in time: ISO dates and times (a time without a zone is UTC, as exports write them), else null. */
export function dateTimeCell(value: string | undefined): Date | null | 'invalid' {
  const text = (value ?? '').trim();
  if (!text) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  if (!m) return 'invalid';
  const [, y, mo, d, h = '0', mi = '00', s = '0', frac = '', zone] = m;
  const iso = `${y}-${mo}-${d}T${h.padStart(2, '0')}:${mi}:${s.padStart(2, '0')}${frac.slice(0, 4) || ''}${zone ? (zone === 'Z' ? 'Z' : zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone) : 'Z'}`;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'invalid' : date;
}

/** "50", "50.0", "50%" -> 50; other text is passed on for the schema to refuse. */
export function percentCell(value: string | undefined): number | string | null {
  const text = (value ?? '').trim().replace(/\s*%$/, '');
  if (!text) return null;
  return /^\d+(\.0+)?$/.test(text) ? Number(text) : text;
}

/** "true", "1", "yes", "active" / "false", "0", "no", "inactive"; null when empty or neither. */
export function booleanCell(value: string | undefined): boolean | null {
  const text = (value ?? '').trim().toLowerCase();
  if (['true', '1', 'yes', 'y', 'active'].includes(text)) return true;
  if (['false', '0', 'no', 'n', 'inactive'].includes(text)) return false;
  return null;
}

/** Salesforce writes an empty lookup as "000000000000000AAA", Prodly's saves as "#N/A": neither names a record. */
export function referenceCell(value: string | undefined): string | null {
  const text = (value ?? '').trim();
  if (!text || text === '#N/A' || /^0{15}AAA$/.test(text)) return null;
  return text;
}

/**
 * A reference that is an id in the source system (HubSpot's numeric ids, Salesforce's 15/18-character ids, UUIDs):
 * it can match an external id, but never becomes the name of a new account.
 */
export function looksLikeId(reference: string): boolean {
  return (
    /^\d{6,}$/.test(reference) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(reference) ||
    (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(reference) && /\d/.test(reference) && /[a-z]/.test(reference) && /[A-Z]/.test(reference))
  );
}

/** A product code from a name when the file has none: "GTX Plus Basic" -> "GTX-PLUS-BASIC". */
export function codeFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
}
