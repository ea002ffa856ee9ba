// The CSV export of a list view: GET /api/exports/<entity>.csv with the same input the list procedure gets.
type Filter = string | number | boolean | Date | null | undefined | readonly string[] | { from?: Date | string; to?: Date | string };

export function exportHref(entity: 'accounts' | 'contacts' | 'leads' | 'opportunities', input: Record<string, Filter>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null || value === '' || key === 'cursor' || key === 'limit') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else if (value instanceof Date) params.set(key, value.toISOString());
    else if (typeof value === 'object') {
      for (const [sub, v] of Object.entries(value)) if (v) params.set(`${key}.${sub}`, v instanceof Date ? v.toISOString() : String(v));
    } else params.set(key, String(value));
  }
  const query = params.toString();
  return `/api/exports/${entity}.csv${query ? `?${query}` : ''}`;
}
