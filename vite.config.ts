import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

// Server-only packages the client must never bundle (exceljs alone would add ~1 MB): the build fails instead.
const serverOnly = /[\\/]node_modules[\\/](exceljs|mysql2|drizzle-orm|better-auth|nodemailer|@anthropic-ai|googleapis|@googleapis)[\\/]/;
const noServerPackages: Plugin = {
  name: 'tru-crm:no-server-packages',
  load(id) {
    if (serverOnly.test(id)) this.error(`${id} is a server-only package and must not be imported by the client`);
  },
};

export default defineConfig({
  root: 'client',
  plugins: [react(), noServerPackages],
  // The manifest lets server/scripts/bundleSize.ts measure the first page's chunks.
  build: { outDir: '../dist/client', emptyOutDir: true, manifest: true },
  server: { proxy: { '/trpc': 'http://localhost:3000', '/api': 'http://localhost:3000' } },
  test: {
    root: '.',
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Generous: a test that waits on MySQL must not fail because the machine is busy (tests never assert timings).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // A self-signed certificate for the https fakes (tests/fakes/microsoft.ts), trusted via NODE_EXTRA_CA_CERTS.
    globalSetup: ['tests/helpers/testTls.ts'],
  },
});
