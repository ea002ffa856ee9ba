// node --import tsx server/scripts/bundleSize.ts [dist/client]
// Prints the first page's gzipped JavaScript of a client build (npx vite build first); exits 1 over the target.
import { resolve } from 'node:path';
import { firstPageSizes, formatFirstPage } from './lib/bundleSize';

const clientDir = resolve(process.argv[2] ?? 'dist/client');
try {
  const { text, ok } = formatFirstPage(firstPageSizes(clientDir));
  console.log(text);
  if (!ok) process.exitCode = 1;
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 2;
}
