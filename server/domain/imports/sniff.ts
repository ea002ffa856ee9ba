// What an uploaded file is, from its first bytes: a spreadsheet we read (CSV in some encoding, or .xlsx),
// or something we refuse with a message saying what it looks like. Pure: bytes and text in, answers out.

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

export type Sniffed =
  | { ok: true; format: 'xlsx' }
  | { ok: true; format: 'csv'; encoding: TextEncoding }
  | { ok: false; message: string };

const startsWith = (head: Buffer, bytes: number[]) => bytes.every((b, i) => head[i] === b);

/** Formats people upload by mistake, by their magic numbers, with what to do instead. */
const refusedFormats: { magic: number[]; message: string }[] = [
  { magic: [0x25, 0x50, 0x44, 0x46], message: 'This is a PDF, not a spreadsheet. Upload a CSV or .xlsx file.' },
  { magic: [0x89, 0x50, 0x4e, 0x47], message: 'This is an image, not a spreadsheet. Upload a CSV or .xlsx file.' },
  { magic: [0xff, 0xd8, 0xff], message: 'This is an image, not a spreadsheet. Upload a CSV or .xlsx file.' },
  { magic: [0x47, 0x49, 0x46, 0x38], message: 'This is an image, not a spreadsheet. Upload a CSV or .xlsx file.' },
  {
    magic: [0xd0, 0xcf, 0x11, 0xe0],
    message: 'This is an old Excel 97-2003 (.xls) file. Save it as .xlsx or CSV in Excel, then upload that.',
  },
  { magic: [0x1f, 0x8b], message: 'This is a compressed (gzip) file. Unpack it and upload the CSV inside.' },
];

const SPREADSHEET_EXTENSIONS = new Set(['csv', 'tsv', 'tab', 'txt', 'xlsx']);

/** Decides from the first bytes (a few KiB) and the file's name. */
export function sniffUpload(head: Buffer, fileName: string): Sniffed {
  if (head.length === 0) return { ok: false, message: 'The file is empty.' };
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    if (/\.xlsx$/i.test(fileName)) return { ok: true, format: 'xlsx' };
    return { ok: false, message: 'This is a zip archive, not a spreadsheet. Upload a CSV or .xlsx file.' };
  }
  for (const refused of refusedFormats) if (startsWith(head, refused.magic)) return { ok: false, message: refused.message };
  const extension = /\.([A-Za-z0-9]{1,8})$/.exec(fileName)?.[1]?.toLowerCase();
  if (extension !== undefined && !SPREADSHEET_EXTENSIONS.has(extension)) {
    return { ok: false, message: `A .${extension} file is not a spreadsheet. Upload a CSV (.csv, .tsv, .txt) or Excel (.xlsx) file.` };
  }
  const encoding = detectEncoding(head);
  if (encoding.startsWith('utf-16')) return { ok: true, format: 'csv', encoding };
  if (head.includes(0)) return { ok: false, message: 'This is not a text file (it holds binary data). Upload a CSV or .xlsx file.' };
  const start = new TextDecoder(encoding).decode(head.subarray(0, 256)).trimStart();
  if (start.startsWith('<')) return { ok: false, message: 'This is an HTML or XML document, not a spreadsheet. Upload a CSV or .xlsx file.' };
  if (start.startsWith('{') || start.startsWith('[')) return { ok: false, message: 'This is JSON, not a spreadsheet. Upload a CSV or .xlsx file.' };
  return { ok: true, format: 'csv', encoding };
}

/**
 * BOMs first; UTF-16 without a BOM shows as NULs in every other byte; else UTF-8 when the bytes are valid
 * UTF-8 (an incomplete character at the end of `head` is fine), otherwise Windows-1252 (Excel's "CSV" on
 * Western Windows, and what Salesforce's Data Export writes by default; a superset of Latin-1).
 */
export function detectEncoding(head: Buffer): TextEncoding {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return 'utf-8';
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  const pairs = Math.min(head.length >> 1, 512);
  if (pairs >= 2) {
    let evenNul = 0;
    let oddNul = 0;
    for (let i = 0; i < pairs; i++) {
      if (head[2 * i] === 0) evenNul++;
      if (head[2 * i + 1] === 0) oddNul++;
    }
    if (oddNul > pairs * 0.4 && evenNul === 0) return 'utf-16le';
    if (evenNul > pairs * 0.4 && oddNul === 0) return 'utf-16be';
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

/** Counts of each candidate delimiter outside quotes, per line, over the first lines of the text. */
function delimiterCounts(text: string, maxLines = 20): Map<CsvDelimiter, number[]> {
  const counts = new Map<CsvDelimiter, number[]>(CSV_DELIMITERS.map((d) => [d, [0]]));
  let quoted = false;
  let lines = 0;
  for (let i = 0; i < text.length && lines < maxLines; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (c === '\r' && text[i + 1] === '\n') i++;
      lines++;
      for (const list of counts.values()) list.push(0);
    } else if (!quoted && (CSV_DELIMITERS as readonly string[]).includes(c)) {
      const list = counts.get(c as CsvDelimiter)!;
      list[list.length - 1]! += 1;
    }
  }
  // The last line may be cut off by the sample's end: leave it out when there are others.
  for (const list of counts.values()) if (list.length > 1) list.pop();
  return counts;
}

/**
 * The delimiter that splits the header into the most columns and every other line alike; ',' when nothing
 * else does (a one-column file).
 */
export function detectDelimiter(text: string): CsvDelimiter {
  let best: CsvDelimiter = ',';
  let bestScore = 0;
  for (const [delimiter, perLine] of delimiterCounts(text)) {
    const header = perLine[0] ?? 0;
    if (header === 0) continue;
    const consistent = perLine.filter((n) => n === header).length / perLine.length;
    const score = header * consistent;
    if (consistent >= 0.5 && score > bestScore) {
      best = delimiter;
      bestScore = score;
    }
  }
  return best;
}

const looksLikeData = (cell: string) =>
  /^[-+]?[\d.,\s]+%?$/.test(cell) || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(cell) || /^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(cell);

/** Why the first row cannot be a header row, or null when it can. */
export function headerProblem(cells: string[]): string | null {
  const named = cells.map((c) => c.trim()).filter((c) => c !== '');
  if (named.length === 0) return 'The first row is empty: the file needs a header row naming its columns.';
  if (named.every(looksLikeData)) {
    return 'The first row holds values (numbers, dates or emails), not column names: add a header row naming the columns.';
  }
  return null;
}

/** Column names as shown and mapped: trimmed, blanks named by position, repeats numbered ("Email (2)"). */
export function columnNames(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const base = cell.trim() || `Column ${i + 1}`;
    const n = (seen.get(base.toLowerCase()) ?? 0) + 1;
    seen.set(base.toLowerCase(), n);
    return n === 1 ? base : `${base} (${n})`;
  });
}
