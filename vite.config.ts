import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: { outDir: '../dist/client', emptyOutDir: true },
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
