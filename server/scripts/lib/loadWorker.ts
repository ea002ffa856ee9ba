// The bench's HTTP clients, on a thread of their own so that generating the load does not take event-loop
// time from the server being measured. Receives { urls, requests, concurrency }, answers a ScenarioResult.
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

parentPort!.on('message', async (job: LoadRequest) => {
  const result = await runScenario(job.name, job.requests, job.concurrency, async (i) => {
    const res = await fetch(job.urls[i % job.urls.length]!, { headers: { cookie } });
    const body = (await res.json()) as { result?: { data: { json: { items?: unknown[] } | null } }; error?: { json: { message: string } } };
    if (!res.ok || !body.result) throw new Error(`HTTP ${res.status}: ${body.error?.json.message ?? 'no result'}`);
    const items = body.result.data.json?.items;
    if (job.expectPage && (!Array.isArray(items) || items.length === 0)) throw new Error('empty page');
  });
  parentPort!.postMessage(result);
});
