// First-page JavaScript (issue #14: signing in and opening My day loads < 250 kB gzipped). Reads the Vite
// manifest of a client build and sums the gzipped size of the chunks a route needs before it can render:
// the entry with its static imports, plus the route's lazy chunk with its static imports. Chunks a page
// loads later (dynamic imports, prefetches after load) are not counted: they do not hold up the first paint.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const FIRST_PAGE_TARGET_KB = 250;

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export interface RouteSize {
  route: string;
  files: string[];
  gzipKb: number;
  rawKb: number;
}

/**
 * The first page is the sign-in page (part of the entry) and then My day (the index route's lazy chunk); a
 * signed-in user opening the app loads the same set, as the entry always carries the sign-in page.
 */
const routes: { route: string; chunks: string[] }[] = [
  { route: 'sign-in', chunks: [] },
  { route: 'sign-in then My day', chunks: ['src/routes/MyDayPage.tsx'] },
];

function closure(manifest: Manifest, keys: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    const chunk = manifest[key];
    if (!chunk) throw new Error(`${key} is not in the build's manifest`);
    seen.add(key);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  keys.forEach(visit);
  return seen;
}

/** Sizes of the first-page routes of the build in `clientDir` (dist/client). */
export function firstPageSizes(clientDir: string): RouteSize[] {
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(join(clientDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
  } catch (error) {
    throw new Error(`No client build with a manifest in ${clientDir} (run npx vite build first): ${(error as Error).message}`);
  }
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const sizeOf = new Map<string, { gzip: number; raw: number }>();
  const measure = (file: string) => {
    let size = sizeOf.get(file);
    if (!size) {
      const bytes = readFileSync(join(clientDir, file));
      size = { gzip: gzipSync(bytes, { level: 9 }).length, raw: bytes.length };
      sizeOf.set(file, size);
    }
    return size;
  };
  return routes.map(({ route, chunks }) => {
    const files = [...closure(manifest, [...entries, ...chunks])].map((k) => manifest[k]!.file).filter((f) => f.endsWith('.js'));
    const total = files.reduce((sum, f) => sum + measure(f).gzip, 0);
    const raw = files.reduce((sum, f) => sum + measure(f).raw, 0);
    return { route, files, gzipKb: total / 1000, rawKb: raw / 1000 };
  });
}

/** The bench's "first-page JS" lines; ok is false when a route misses the target. */
export function formatFirstPage(sizes: RouteSize[]): { text: string; ok: boolean } {
  const worst = Math.max(...sizes.map((s) => s.gzipKb));
  const lines = sizes.map(
    (s) => `  first-page JS, ${s.route}: ${s.gzipKb.toFixed(1)} kB gzipped (${s.rawKb.toFixed(1)} kB minified, ${s.files.length} chunks)`,
  );
  const ok = worst < FIRST_PAGE_TARGET_KB;
  lines.push(`  first-page JS target < ${FIRST_PAGE_TARGET_KB} kB gzipped: ${ok ? 'met' : 'MISSED'}`);
  return { text: lines.join('\n'), ok };
}

/** Builds the client afresh into a temporary folder (so the number is today's source) and measures it. */
export async function buildAndMeasure(): Promise<RouteSize[]> {
  const { build } = await import('vite');
  const outDir = mkdtempSync(join(tmpdir(), 'trucrm-client-'));
  try {
    await build({ configFile: 'vite.config.ts', logLevel: 'warn', build: { outDir, emptyOutDir: true, manifest: true } });
    return firstPageSizes(outDir);
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
