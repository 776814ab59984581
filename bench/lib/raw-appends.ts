// The raw command baseline: the rows a command writes, written straight with `pg` by the same
// number of concurrent callers, so the command path's throughput reads as a ratio of it in one run.
// The rows are copies of what the command benchmark's commands stored (appendTemplates): the same
// event types, payloads, actors and branch ids, the same idempotency scope, request hash and stored
// answer, each under a new stream, event id and key. Each call is one transaction with the
// statements of the store's write path (IdempotentCommandRunner.run, EventStore.appendWithin):
// probe the stream's version and the event ids (where a command reads its stream to decide),
// insert the command's events (RETURNING the store's columns), store the key with its answer
// (`INSERT … ON CONFLICT DO NOTHING`). Not in it: what the command path adds around the writes
// (HTTP, validation, authorization, the branch check, decoding the stream it read). Named (prepared)
// statements: the cheapest way `pg` sends them, so the baseline is the limit the command path can
// approach.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Client, Pool } from 'pg';
import { percentile, round } from './results';

/** One command's writes, as the command path stored them. */
export interface AppendTemplate {
  readonly streamId: string;
  readonly scope: string;
  readonly requestHash: string;
  /** The stored answer (json text). */
  readonly response: string;
  readonly events: readonly {
    readonly type: string;
    readonly schemaVersion: number;
    readonly branchId: string;
    readonly occurredAt: Date;
    /** jsonb text. */
    readonly actor: string;
    readonly correlationId: string;
    readonly causationId: string | null;
    /** jsonb text. */
    readonly payload: string;
  }[];
}

/** Up to `limit` commands recorded with an idempotency key in the store at `databaseUrl`, with their events, in the order they were stored. */
export async function appendTemplates(databaseUrl: string, limit: number): Promise<AppendTemplate[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{
      scope: string;
      key: string;
      request_hash: string;
      response: string;
      stream_id: string;
      type: string;
      schema_version: number;
      branch_id: string;
      occurred_at: Date;
      actor: string;
      correlation_id: string;
      causation_id: string | null;
      payload: string;
    }>(
      `WITH answered AS (
         SELECT scope, key, request_hash, response::text AS response, response->>'streamId' AS stream_id, created_at
           FROM idempotency_keys WHERE status_code BETWEEN 200 AND 299 ORDER BY created_at LIMIT $1)
       SELECT a.scope, a.key, a.request_hash, a.response, e.stream_id, e.type, e.schema_version, e.branch_id, e.occurred_at,
              e.actor::text AS actor, e.correlation_id, e.causation_id, e.payload::text AS payload
         FROM answered a JOIN events e ON e.stream_id = a.stream_id
        ORDER BY e.global_position`,
      [limit],
    );
    const byKey = new Map<string, AppendTemplate & { events: AppendTemplate['events'][number][] }>();
    for (const row of rows) {
      const id = `${row.scope}\u0000${row.key}`;
      let template = byKey.get(id);
      if (!template) {
        template = { streamId: row.stream_id, scope: row.scope, requestHash: row.request_hash, response: row.response, events: [] };
        byKey.set(id, template);
      }
      template.events.push({
        type: row.type,
        schemaVersion: row.schema_version,
        branchId: row.branch_id,
        occurredAt: row.occurred_at,
        actor: row.actor,
        correlationId: row.correlation_id,
        causationId: row.causation_id,
        payload: row.payload,
      });
    }
    return [...byKey.values()];
  } finally {
    await client.end();
  }
}

export interface RawAppendReport {
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly appends: number;
  readonly events: number;
}

const RETURNING = `global_position, transaction_id::text AS transaction_id, event_id, stream_id, stream_position, type,
  schema_version, branch_id, occurred_at, recorded_at, actor, correlation_id, causation_id, payload`;

function insertStatement(events: number): string {
  const tuples = Array.from({ length: events }, (_, e) => `(${Array.from({ length: 11 }, (_, c) => `$${e * 11 + c + 1}`).join(', ')})`);
  return `INSERT INTO events (event_id, stream_id, stream_position, type, schema_version, branch_id,
     occurred_at, actor, correlation_id, causation_id, payload)
   VALUES ${tuples.join(', ')}
   RETURNING ${RETURNING}`;
}

/** `concurrency` callers, each writing the next template's rows as soon as its previous transaction committed, for `seconds`. */
export async function rawAppends(
  databaseUrl: string,
  templates: readonly AppendTemplate[],
  options: { concurrency: number; seconds: number },
): Promise<RawAppendReport> {
  if (templates.length === 0) throw new Error('the raw baseline has no commands to copy: the command run stored none with an idempotency key');
  const pool = new Pool({ connectionString: databaseUrl, max: options.concurrency, application_name: 'bench-raw-appends' });
  const latencies: number[] = [];
  const run = randomUUID().slice(0, 8);
  let i = 0;
  let events = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  try {
    await Promise.all(
      Array.from({ length: options.concurrency }, async () => {
        const client = await pool.connect();
        try {
          while (performance.now() < end) {
            const n = i++;
            const template = templates[n % templates.length]!;
            const t0 = performance.now();
            const streamId = `${template.streamId}-r${run}-${n}`;
            const key = `raw-${run}-${n}`;
            const eventIds = template.events.map(() => randomUUID());
            await client.query('BEGIN');
            const probe = await client.query<{ version: number | null; known: boolean }>({
              name: 'raw-probe',
              text: `SELECT (SELECT max(stream_position) FROM events WHERE stream_id = $1) AS version,
                            EXISTS (SELECT 1 FROM events WHERE event_id = ANY($2::uuid[])) AS known`,
              values: [streamId, eventIds],
            });
            const version = probe.rows[0]?.version ?? 0;
            const values = template.events.flatMap((event, index) => [
              eventIds[index],
              streamId,
              version + index + 1,
              event.type,
              event.schemaVersion,
              event.branchId,
              event.occurredAt,
              event.actor,
              event.correlationId,
              event.causationId,
              event.payload,
            ]);
            await client.query({ name: `raw-insert-${template.events.length}`, text: insertStatement(template.events.length), values });
            const stored = await client.query({
              name: 'raw-answer',
              text: `INSERT INTO idempotency_keys (scope, key, request_hash, status_code, response)
                     VALUES ($1, $2, $3, $4, $5) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
              values: [template.scope, key, template.requestHash, 201, template.response],
            });
            if (stored.rowCount !== 1) throw new Error(`raw baseline: key ${key} was already taken`);
            await client.query('COMMIT');
            latencies.push(performance.now() - t0);
            events += template.events.length;
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
    events,
  };
}
