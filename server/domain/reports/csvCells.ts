// How one value becomes one CSV cell in an export: ISO dates, plain decimals, empty for null, and text that a
// spreadsheet would run as a formula defused with a leading apostrophe (OWASP's "CSV injection").

/** A cell starting with one of these is read as a formula by Excel, LibreOffice and Google Sheets. */
const FORMULA_START = /^[=+\-@\t\r]/;

export type CellKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean';

export function csvCell(value: unknown, kind: CellKind): string {
  if (value === null || value === undefined) return '';
  switch (kind) {
    case 'datetime':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'date':
      // DATE columns come back as YYYY-MM-DD already.
      return value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    case 'number':
      // DECIMAL comes as a string ("1250.00"): written as it is, never through a float.
      return typeof value === 'number' ? String(value) : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'text': {
      const text = String(value);
      return FORMULA_START.test(text) ? `'${text}` : text;
    }
  }
}

/** `a=1&a=2&createdAt.from=…&open=true` into the shape a list's zod schema takes. */
export function filtersFromQuery(
  query: Record<string, unknown>,
  options: { numbers?: readonly string[]; booleans?: readonly string[] } = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    if (key === 'cursor' || key === 'limit' || key === 'title') continue;
    let value: unknown = raw;
    if (Array.isArray(raw)) value = raw.map(String);
    else if (typeof raw === 'string') {
      if (options.booleans?.includes(key) && (raw === 'true' || raw === 'false')) value = raw === 'true';
      else if (options.numbers?.includes(key) && /^\d{1,15}$/.test(raw)) value = Number(raw);
    } else continue;
    const dot = key.indexOf('.');
    if (dot > 0) {
      const parent = key.slice(0, dot);
      const nested = (out[parent] ?? {}) as Record<string, unknown>;
      nested[key.slice(dot + 1)] = value;
      out[parent] = nested;
    } else out[key] = value;
  }
  return out;
}
