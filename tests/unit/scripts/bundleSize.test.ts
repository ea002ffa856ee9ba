import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { firstPageSizes, formatFirstPage } from '../../../server/scripts/lib/bundleSize';

// A build with an entry, a chunk it shares with My day, My day's own chunk and a lazy chart nobody waits for.
const dir = mkdtempSync(join(tmpdir(), 'bundle-size-'));
const files: Record<string, string> = {
  'assets/index.js': 'entry '.repeat(500),
  'assets/shared.js': 'shared '.repeat(300),
  'assets/MyDayPage.js': 'myday '.repeat(200),
  'assets/Chart.js': 'chart '.repeat(5_000),
};
mkdirSync(join(dir, 'assets'));
mkdirSync(join(dir, '.vite'));
for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
writeFileSync(
  join(dir, '.vite', 'manifest.json'),
  JSON.stringify({
    'index.html': { file: 'assets/index.js', isEntry: true, imports: ['_shared.js'], css: ['assets/index.css'], dynamicImports: ['src/routes/MyDayPage.tsx'] },
    '_shared.js': { file: 'assets/shared.js' },
    'src/routes/MyDayPage.tsx': { file: 'assets/MyDayPage.js', isDynamicEntry: true, imports: ['_shared.js', 'index.html'], dynamicImports: ['_Chart.js'] },
    '_Chart.js': { file: 'assets/Chart.js' },
  }),
);
const gz = (file: string) => gzipSync(Buffer.from(files[file]!), { level: 9 }).length / 1000;

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('first-page JS', () => {
  const [signIn, myDay] = firstPageSizes(dir);

  it('counts the entry and its static imports for sign-in, each chunk once', () => {
    expect(signIn!.files.sort()).toEqual(['assets/index.js', 'assets/shared.js']);
    expect(signIn!.gzipKb).toBeCloseTo(gz('assets/index.js') + gz('assets/shared.js'), 6);
  });

  it("adds My day's chunk but not what it imports lazily", () => {
    expect(myDay!.files.sort()).toEqual(['assets/MyDayPage.js', 'assets/index.js', 'assets/shared.js']);
    expect(myDay!.gzipKb).toBeCloseTo(signIn!.gzipKb + gz('assets/MyDayPage.js'), 6);
  });

  it('reports the target as met when every route is under it', () => {
    expect(formatFirstPage([signIn!, myDay!]).ok).toBe(true);
    expect(formatFirstPage([{ ...myDay!, gzipKb: 250 }]).ok).toBe(false);
  });

  it('says to build first when there is no manifest', () => {
    expect(() => firstPageSizes(join(dir, 'nothing'))).toThrow(/vite build/);
  });
});
