// A local HTTP server standing in for Slack's incoming webhooks: every POST body lands in `received`.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeSlack {
  /** Pass as SLACK_WEBHOOK_BASE; a webhook URL is this plus a path. */
  base: string;
  received: { path: string; body: { text: string } }[];
  failing: boolean;
  close(): Promise<void>;
}

export async function startFakeSlack(): Promise<FakeSlack> {
  const fake: FakeSlack = { base: '', received: [], failing: false, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (fake.failing) {
        res.writeHead(500).end('slack is having a moment');
        return;
      }
      fake.received.push({ path: req.url ?? '', body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as { text: string } });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  fake.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/`;
  fake.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
