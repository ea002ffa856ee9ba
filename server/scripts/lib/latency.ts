// Load generation and latency statistics for the bench: a fixed number of requests from N concurrent
// clients, each request timed end to end.

export interface ScenarioResult {
  name: string;
  requests: number;
  errors: number;
  firstError: string | null;
  seconds: number;
  /** Milliseconds, sorted ascending. */
  latencies: number[];
}

/** Runs `requests` calls of `call(i)` with `concurrency` clients; a call throws to count as an error. */
export async function runScenario(
  name: string,
  requests: number,
  concurrency: number,
  call: (i: number) => Promise<void>,
): Promise<ScenarioResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let next = 0;
  const started = performance.now();
  const client = async () => {
    for (;;) {
      const i = next;
      next += 1;
      if (i >= requests) return;
      const t = performance.now();
      try {
        await call(i);
        latencies.push(performance.now() - t);
      } catch (error) {
        errors += 1;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, requests, errors, firstError, seconds, latencies };
}

/** The p-th percentile (nearest rank) of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/** The results as a table; `alone` adds each scenario's p50 with a single client. */
export function formatResults(results: ScenarioResult[], targetP95Ms: number, alone?: number[]): string {
  const header = ['scenario', 'requests', 'errors', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', `p95 < ${targetP95Ms} ms`];
  if (alone) header.push('p50 alone');
  const rows = results.map((r, i) => {
    const p95 = percentile(r.latencies, 95);
    return [
      r.name,
      String(r.requests),
      String(r.errors),
      (r.latencies.length / r.seconds).toFixed(0),
      percentile(r.latencies, 50).toFixed(1),
      p95.toFixed(1),
      percentile(r.latencies, 99).toFixed(1),
      (r.latencies[r.latencies.length - 1] ?? Number.NaN).toFixed(1),
      r.errors === 0 && p95 < targetP95Ms ? 'yes' : 'NO',
      ...(alone ? [(alone[i] ?? Number.NaN).toFixed(1)] : []),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
