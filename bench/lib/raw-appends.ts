// The raw command baseline: the appends a command makes, written straight with `pg` by the same
// number of concurrent callers, so the command path's throughput reads as a ratio of it in one run.
// Each call is one transaction with the statements the real path sends (IdempotentCommandRunner and
// EventStore.appendWithin): claim the idempotency key, probe the stream's version and the event id,
// insert one event, store the answer; a new stream per call, as in the command benchmark's mix.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { percentile, round } from './results';

export interface RawAppendReport {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly appends: number;
}

export async function rawAppends(
  databaseUrl: string,
  options: { concurrency: number; seconds: number; branches: readonly string[] },
): Promise<RawAppendReport> {
  const pool = new Pool({ connectionString: databaseUrl, max: options.concurrency, application_name: 'bench-raw-appends' });
  const latencies: number[] = [];
  let i = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < end) {
            const n = i++;
            const t0 = performance.now();
            const streamId = `raw-${n}-${randomUUID()}`;
            const eventId = randomUUID();
            const key = randomUUID();
            const branchId = options.branches[n % options.branches.length] ?? 'BR-001';
            await client.query('BEGIN');
            await client.query(
              `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
               VALUES ($1, $2, $3, 0, 'null') ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
              ['bench', key, 'h'],
            );
            await client.query(
              `SELECT (SELECT max(stream_position) FROM events WHERE stream_id = $1) AS version,
                      EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2::uuid[])) AS known`,
              [streamId, [eventId]],
            );
            await client.query(
              `INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, branch_id,
                 occurred_at, actor, correlation_id, causation_id, payload)
               VALUES ($1, $2, 1, 'LeadCreated', 2, $3, now(), $4, $5, NULL, $6)
               RETURNING global_position`,
              [
                eventId,
                streamId,
                branchId,
                JSON.stringify({ kind: 'user', id: 'bench' }),
                randomUUID(),
                JSON.stringify({
                  leadId: streamId,
                  source: 'walk_in',
                  segment: 'individual',
                  consultantId: 'E-0042',
                  modelOfInterest: 'Lavida 1.5L',
                  customerId: null,
                }),
              ],
            );
            await client.query(`UPDATE idempotency_keys SET status_code = 201, response = $3 WHERE scope = $1 AND key = $2`, [
              'bench',
              key,
              JSON.stringify({ streamId, streamVersion: 1 }),
            ]);
            await client.query('COMMIT');
            latencies.push(performance.now() - t0);
          }
        } finally {
          client.release();
        }
      }),
    );
  } finally {
    await pool.end();
  }
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    perSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    appends: latencies.length,
  };
}
