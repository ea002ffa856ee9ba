// Loads generated rows with multi-row INSERTs over a few dedicated connections, several statements in flight:
// while MySQL inserts one batch, Node builds the next. The connections skip foreign-key and unique checks for
// the load only (the generator guarantees both), turn them back on when done, and are then closed, so the
// relaxed settings never reach any other connection.
import mysql from 'mysql2/promise';

export interface TableLoad {
  /** Shown in the report. */
  name: string;
  /** `INSERT INTO t (cols) VALUES ` */
  prefix: string;
  /** Batches of row tuples, each `(v1,v2,...)`, generated lazily. */
  batches: Iterable<string[]>;
}

export interface TableReport {
  name: string;
  rows: number;
  seconds: number;
  rowsPerSecond: number;
}

export class BulkLoader {
  private constructor(private readonly connections: mysql.Connection[]) {}

  static async open(databaseUrl: string, connections: number): Promise<BulkLoader> {
    const opened = await Promise.all(
      Array.from({ length: connections }, () => mysql.createConnection({ uri: databaseUrl, timezone: 'Z' })),
    );
    for (const c of opened) await c.query('SET SESSION foreign_key_checks = 0, unique_checks = 0');
    return new BulkLoader(opened);
  }

  /** Loads one table's batches with every connection busy; returns its row count and rate. */
  async load(table: TableLoad): Promise<TableReport> {
    const started = performance.now();
    const iterator = table.batches[Symbol.iterator]();
    let rows = 0;
    let done = false;
    const worker = async (connection: mysql.Connection) => {
      for (;;) {
        if (done) return;
        const next = iterator.next();
        if (next.done) {
          done = true;
          return;
        }
        const batch = next.value;
        if (batch.length === 0) continue;
        await connection.query(table.prefix + batch.join(','));
        rows += batch.length;
      }
    };
    await Promise.all(this.connections.map(worker));
    const seconds = (performance.now() - started) / 1000;
    return { name: table.name, rows, seconds, rowsPerSecond: rows / seconds };
  }

  async close(): Promise<void> {
    for (const c of this.connections) {
      try {
        await c.query('SET SESSION foreign_key_checks = 1, unique_checks = 1');
      } finally {
        await c.end();
      }
    }
  }
}

/** Groups a stream of rows into batches of `size`. */
export function* batched(rows: Iterable<string>, size: number): Generator<string[]> {
  let batch: string[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
