import { defineConfig } from 'drizzle-kit';

// Only migrations are generated from this file; the app reads its database URL from server/env.ts.
export default defineConfig({
  dialect: 'mysql',
  schema: './drizzle/schema/index.ts',
  out: './drizzle/migrations',
  casing: 'snake_case',
});
