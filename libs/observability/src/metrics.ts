import { collectDefaultMetrics, Counter, Gauge, Histogram, LabelValues, Registry } from 'prom-client';

/**
 * Every metric of the platform, in one registry that `GET /metrics` serves (Prometheus text
 * format). Names start with `dealer_kpi_`; label values come from bounded sets only (route
 * templates, command names, error codes, topic and partition numbers, report names), never from
 * ids or raw URLs. docs/operations.md ("Metrics and logs") lists each metric and its labels.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry, prefix: 'dealer_kpi_' });

const registers = [metricsRegistry];

/** Seconds, from 5 ms to 30 s: HTTP answers, commands, reports, batches and roll-up rounds. */
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const httpRequests = new Counter({
  name: 'dealer_kpi_http_requests_total',
  help: 'HTTP requests answered, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  registers,
});

export const httpRequestDuration = new Histogram({
  name: 'dealer_kpi_http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: SECONDS,
  registers,
});

export const commandsHandled = new Counter({
  name: 'dealer_kpi_commands_total',
  help: 'Commands dispatched, by bounded context, command and outcome (ok, replayed, or the error code)',
  labelNames: ['context', 'command', 'outcome'] as const,
  registers,
});

export const commandDuration = new Histogram({
  name: 'dealer_kpi_command_duration_seconds',
  help: 'Time from dispatch to the answer of a command (authorization, decide, append), by context, command and outcome',
  labelNames: ['context', 'command', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const appendConflicts = new Counter({
  name: 'dealer_kpi_event_store_append_conflicts_total',
  help: 'Appends refused by the event store: wrong_expected_version (optimistic concurrency) or event_id_conflict',
  labelNames: ['reason'] as const,
  registers,
});

export const relayPublished = new Counter({
  name: 'dealer_kpi_relay_published_events_total',
  help: 'Events the relay handed on (to Kafka, or to the projector in embedded mode), by relay checkpoint name',
  labelNames: ['relay'] as const,
  registers,
});

export const projectorBatchEvents = new Histogram({
  name: 'dealer_kpi_projector_batch_events',
  help: 'Events per batch the projector wrote to ClickHouse',
  buckets: [1, 10, 50, 100, 250, 500, 1000, 2000, 5000, 10000],
  registers,
});

export const projectorBatchDuration = new Histogram({
  name: 'dealer_kpi_projector_batch_duration_seconds',
  help: 'Time to project a batch and store its rows, roll-up keys and positions in ClickHouse, by outcome (ok, error)',
  labelNames: ['outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const consumerRestarts = new Counter({
  name: 'dealer_kpi_consumer_restarts_total',
  help: 'Kafka consumer-group members restarted by the application after kafkajs gave up on them (a non-retriable crash), by consumer',
  labelNames: ['consumer'] as const,
  registers,
});

export const deadLetterCount = new Counter({
  name: 'dealer_kpi_dead_letters_total',
  help: 'Events sent to the dead-letter queue (the .dlq topic, or the dead_letters table in embedded mode), by consumer',
  labelNames: ['consumer'] as const,
  registers,
});

export const rollupPendingRanges = new Gauge({
  name: 'dealer_kpi_rollup_pending_ranges',
  help: 'Ranges waiting in the roll-up pending table when the last refresher round began',
  labelNames: ['rollup'] as const,
  registers,
});

export const rollupRoundDuration = new Histogram({
  name: 'dealer_kpi_rollup_round_duration_seconds',
  help: 'Time of a roll-up refresher round, by roll-up and outcome (ok, idle when nothing was pending, error)',
  labelNames: ['rollup', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const reportQueryDuration = new Histogram({
  name: 'dealer_kpi_report_query_duration_seconds',
  help: 'Time the KPI engine spent in ClickHouse for a report, by report and outcome (ok, or the error code)',
  labelNames: ['report', 'outcome'] as const,
  buckets: SECONDS,
  registers,
});

export const packDeliveries = new Counter({
  name: 'dealer_kpi_pack_deliveries_total',
  help: 'Scheduled pack deliveries attempted, by outcome: sent, retry (an attempt failed, another is scheduled) or failed (no attempt left, or cannot be delivered)',
  labelNames: ['outcome'] as const,
  registers,
});

/** How far a reader is behind the event store. */
export interface Lag {
  readonly events: number;
  readonly seconds: number;
}

type LagLabels<L extends string> = LabelValues<L>;

/** A pair of lag gauges (`<name>_events`, `<name>_seconds`), set directly or read at scrape time from probes. */
export class LagGauges<L extends string> {
  readonly events: Gauge<L>;
  readonly seconds: Gauge<L>;
  private readonly probes = new Map<string, { labels: LagLabels<L>; probe: () => Promise<Lag> }>();
  private reading: { at: number; done: Promise<void> } | undefined;

  constructor(name: string, what: string, labelNames: readonly L[]) {
    // Both gauges read the probes once per scrape (a second later, again).
    const refresh = () => this.refresh();
    this.events = new Gauge({
      name: `${name}_events`,
      help: `Events ${what} is behind (committed to the event store, not handled yet)`,
      labelNames,
      registers,
      collect: refresh,
    });
    this.seconds = new Gauge({
      name: `${name}_seconds`,
      help: `Seconds ${what} is behind: age of the oldest event not handled yet (0 when caught up)`,
      labelNames,
      registers,
      collect: refresh,
    });
  }

  set(labels: LagLabels<L>, lag: Lag): void {
    this.events.set(labels, lag.events);
    this.seconds.set(labels, lag.seconds);
  }

  /** Reads `probe` at every scrape for these labels until the returned function is called. */
  watch(labels: LagLabels<L>, probe: () => Promise<Lag>): () => void {
    const key = JSON.stringify(labels);
    this.probes.set(key, { labels, probe });
    return () => {
      this.probes.delete(key);
      this.events.remove(labels);
      this.seconds.remove(labels);
    };
  }

  private refresh(): Promise<void> {
    const now = Date.now();
    if (this.reading && now - this.reading.at < 1000) return this.reading.done;
    const done = Promise.all(
      [...this.probes.values()].map(async ({ labels, probe }) => {
        // A probe that cannot read (the store is down) leaves the last value; readiness says the rest.
        const lag = await probe().catch(() => undefined);
        if (lag) this.set(labels, lag);
      }),
    ).then(() => undefined);
    this.reading = { at: now, done };
    return done;
  }
}

/** The store → Kafka relay (and the embedded projector's feed, which is the same reader). */
export const relayLag = new LagGauges('dealer_kpi_relay_lag', 'the relay', ['relay'] as const);

/**
 * The projector: per topic and partition in Kafka mode (from each batch's high watermark), or
 * `topic="event-store", partition="all"` in embedded mode (behind the store, read at scrape time).
 */
export const projectorLag = new LagGauges('dealer_kpi_projector_lag', 'the projector', ['topic', 'partition'] as const);

let readinessProbe: (() => Promise<boolean>) | undefined;

/**
 * 1 when `GET /health/ready` answers 200, 0 when 503, read at scrape time. Only apps with a
 * readiness check (the platform, the reporting API) have a sample (`endpoint="/health/ready"`).
 */
export const readinessGauge = new Gauge({
  name: 'dealer_kpi_ready',
  help: 'Readiness of the read side: 1 when GET /health/ready answers 200, 0 when it answers 503',
  labelNames: ['endpoint'] as const,
  registers,
  collect() {
    const probe = readinessProbe;
    if (!probe) return;
    return probe().then(
      (ready) => this.set({ endpoint: '/health/ready' }, ready ? 1 : 0),
      () => this.set({ endpoint: '/health/ready' }, 0),
    );
  },
});

/** Makes `dealer_kpi_ready` read `probe` at every scrape until the returned function is called. */
export function watchReadiness(probe: () => Promise<boolean>): () => void {
  readinessProbe = probe;
  return () => {
    if (readinessProbe === probe) readinessProbe = undefined;
    readinessGauge.remove({ endpoint: '/health/ready' });
  };
}

/** A stable, bounded outcome label for an error: its `code` (domain errors and error bodies), else `error`. */
export function outcomeOf(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_.]{1,63}$/.test(code)) return code;
    const response = (error as { getResponse?: () => unknown }).getResponse?.();
    const bodyCode = typeof response === 'object' && response !== null ? (response as { code?: unknown }).code : undefined;
    if (typeof bodyCode === 'string' && /^[A-Z][A-Z0-9_.]{1,63}$/.test(bodyCode)) return bodyCode;
  }
  return 'error';
}

/** Seconds since `started` (from `performance.now()`). */
export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
