// Malformed requests meet a plain page: no stack trace, no paths, no echo of the error; and a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClientDir } from '../../helpers/clientDir';
import { startTestServer } from '../../helpers/http';
import { recordingLogger } from '../../helpers/log';
import { useTestDatabase } from '../../helpers/testDatabase';

const t = useTestDatabase();
const log = recordingLogger();
const client = makeClientDir();
let server: Awaited<ReturnType<typeof startTestServer>>;

beforeAll(async () => {
  server = await startTestServer(t, { clientDir: client.dir, log });
});
afterAll(async () => {
  await server?.close();
  client.remove();
});

function expectPlainPage(body: string, contentType: string | null, status: string) {
  expect(contentType).toMatch(/^text\/plain/);
  expect(body).toMatch(new RegExp(`^${status}\\nRequest id: [0-9a-f-]{36}\\n$`));
  for (const leak of ['URIError', 'node_modules', 'server/', '/work', ' at ', 'decode']) expect(body).not.toContain(leak);
}

describe('final error handler', () => {
  it.each(['/%', '/accounts/%E0%A4%A', '/api/auth/%'])('answers GET %s with a plain 400 page and logs it', async (url) => {
    const res = await fetch(`${server.baseUrl}${url}`);
    expect(res.status).toBe(400);
    expectPlainPage(await res.text(), res.headers.get('content-type'), '400 Bad Request');
    const logged = log.entries.find((e) => e.msg === 'request refused' && e.fields.url === url);
    expect(logged).toMatchObject({ level: 'warn', fields: { status: 400, method: 'GET', requestId: res.headers.get('x-request-id') } });
  });

  it('leaves /trpc to answer in its own JSON, without a stack either', async () => {
    const res = await fetch(`${server.baseUrl}/trpc/%`);
    expect(res.status).toBe(400);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ error: { json: { data: { code: 'BAD_REQUEST' } } } });
    for (const leak of ['stack', 'node_modules', '/work', ' at ']) expect(body).not.toContain(leak);
  });

  it('answers a path nothing serves with a plain 404 page', async () => {
    const res = await fetch(`${server.baseUrl}/api/nothing-here`, { method: 'POST' });
    expect(res.status).toBe(404);
    expectPlainPage(await res.text(), res.headers.get('content-type'), '404 Not Found');
  });

  it('still serves the client and its fallback', async () => {
    expect((await fetch(`${server.baseUrl}/accounts/12`)).status).toBe(200);
    expect(await (await fetch(`${server.baseUrl}/app.js`)).text()).toContain('console.log');
  });
});
