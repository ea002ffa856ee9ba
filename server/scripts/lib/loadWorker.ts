// The bench's HTTP clients, on a thread of their own so that generating the load does not take event-loop
// time from the server being measured. Receives { urls, requests, concurrency }, answers a ScenarioResult.
import http from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { runScenario } from './latency';

export interface LoadRequest {
  name: string;
  urls: string[];
  requests: number;
  concurrency: number;
  /** Each answer must be a non-empty page ({ items: [...] }). */
  expectPage: boolean;
}

const { cookie } = workerData as { cookie: string };

// node:http with keep-alive rather than fetch: the load generator shares this 2-core machine with the server
// and MySQL, and fetch's stream machinery costs several times more CPU per request.
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function get(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent, headers: { cookie } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

parentPort!.on('message', async (job: LoadRequest) => {
  const result = await runScenario(job.name, job.requests, job.concurrency, async (i) => {
    const res = await get(job.urls[i % job.urls.length]!);
    const body = JSON.parse(res.body) as { result?: { data: { json: { items?: unknown[] } | null } }; error?: { json: { message: string } } };
    if (res.status !== 200 || !body.result) throw new Error(`HTTP ${res.status}: ${body.error?.json.message ?? 'no result'}`);
    const items = body.result.data.json?.items;
    if (job.expectPage && (!Array.isArray(items) || items.length === 0)) throw new Error('empty page');
  });
  parentPort!.postMessage(result);
});
