// A small HTTP load generator on Node's http module with keep-alive connections. Latencies are
// taken from the moment a request was due (open loop) or sent (closed loop) to its last byte.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { percentile, round } from './results';

export interface HttpCall {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

export class HttpTarget {
  private readonly agent: Agent;

  constructor(
    private readonly port: number,
    maxSockets = 256,
    /** Sent with every call (a call's own headers win): e.g. the bearer token. */
    private readonly defaultHeaders: Readonly<Record<string, string>> = {},
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  send(call: HttpCall): Promise<HttpAnswer> {
    const payload = call.body === undefined ? undefined : JSON.stringify(call.body);
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.port,
          method: call.method,
          path: call.path,
          agent: this.agent,
          headers: {
            ...this.defaultHeaders,
            ...call.headers,
            ...(payload === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface LoadReport {
  readonly requests: number;
  readonly errors: number;
  /** The first unexpected answers (status and body), to say what went wrong. */
  readonly errorSamples: string[];
  readonly seconds: number;
  readonly perSecond: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function report(latencies: number[], errors: number, errorSamples: string[], seconds: number): LoadReport {
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    errorSamples,
    seconds: round(seconds, 2),
    perSecond: round(latencies.length / seconds),
    p50Ms: round(percentile(latencies, 50), 2),
    p95Ms: round(percentile(latencies, 95), 2),
    p99Ms: round(percentile(latencies, 99), 2),
    maxMs: round(latencies.at(-1) ?? Number.NaN, 2),
  };
}

/** `concurrency` callers, each sending the next call as soon as its previous one answered, for `seconds`. */
export async function closedLoop(
  target: HttpTarget,
  next: (i: number) => HttpCall,
  options: { concurrency: number; seconds: number; expect: (a: HttpAnswer) => boolean },
): Promise<LoadReport> {
  const latencies: number[] = [];
  const samples: string[] = [];
  let errors = 0;
  let i = 0;
  const started = performance.now();
  const end = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.concurrency }, async () => {
      while (performance.now() < end) {
        const call = next(i++);
        const t0 = performance.now();
        const answer = await target.send(call);
        latencies.push(performance.now() - t0);
        if (!options.expect(answer)) {
          errors++;
          if (samples.length < 5) samples.push(`${call.method} ${call.path} → ${answer.status} ${answer.body.slice(0, 300)}`);
        }
      }
    }),
  );
  return report(latencies, errors, samples, (performance.now() - started) / 1000);
}

export interface OpenLoopReport extends LoadReport {
  /** Calls due in the run (rate × seconds). */
  readonly due: number;
  /** Calls the load generator itself sent more than `lateMs` after they were due (it fell behind its schedule). */
  readonly lateSends: number;
  /** Calls answered more than `boundMs` after they were due, or not at all. */
  readonly slowerThanBound: number;
  /** Calls still unanswered `drainSeconds` after the last was sent: counted with the time they had waited then. */
  readonly unanswered: number;
  /** The most calls sent and not yet answered at one time. */
  readonly maxInFlight: number;
}

/**
 * Calls at a constant `rate` per second for `seconds`, whatever the answers' speed (open loop):
 * a slow answer does not delay the next call, and each latency counts from when its call was due,
 * not from when it was sent, so a stall of the server or of the generator is not hidden
 * (coordinated omission). Bounded: calls still open `drainSeconds` after the last one was sent are
 * counted as unanswered, with the time they had waited so far in the percentiles.
 */
export async function openLoop(
  target: HttpTarget,
  next: (i: number) => HttpCall,
  options: { rate: number; seconds: number; expect: (a: HttpAnswer) => boolean; boundMs?: number; lateMs?: number; drainSeconds?: number },
): Promise<OpenLoopReport> {
  const latencies: number[] = [];
  const samples: string[] = [];
  const boundMs = options.boundMs ?? Number.POSITIVE_INFINITY;
  const lateMs = options.lateMs ?? 5;
  let errors = 0;
  let lateSends = 0;
  let slower = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  let closed = false;
  const total = Math.round(options.rate * options.seconds);
  const interval = 1000 / options.rate;
  const started = performance.now();
  const open = new Map<number, number>(); // call → when it was due
  const pending: Promise<void>[] = [];
  const answered = (i: number, due: number, failure: string | undefined): void => {
    if (closed) return;
    open.delete(i);
    inFlight--;
    const latency = performance.now() - due;
    latencies.push(latency);
    if (latency > boundMs) slower++;
    if (failure !== undefined) {
      errors++;
      if (samples.length < 5) samples.push(failure);
    }
  };
  for (let i = 0; i < total; i++) {
    const due = started + i * interval;
    const wait = due - performance.now();
    // Timers are ~1 ms coarse: send every call that is due, then sleep until the next one.
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (performance.now() - due > lateMs) lateSends++;
    const call = next(i);
    open.set(i, due);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    pending.push(
      target.send(call).then(
        (answer) => answered(i, due, options.expect(answer) ? undefined : `${call.method} ${call.path} → ${answer.status} ${answer.body.slice(0, 300)}`),
        (error: unknown) => answered(i, due, `${call.method} ${call.path} → ${error instanceof Error ? error.message : String(error)}`),
      ),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.all(pending),
    new Promise((resolve) => {
      timer = setTimeout(resolve, (options.drainSeconds ?? 30) * 1000);
    }),
  ]);
  clearTimeout(timer);
  closed = true;
  const now = performance.now();
  for (const due of open.values()) {
    latencies.push(now - due);
    slower++;
  }
  const answeredCount = latencies.length - open.size;
  const base = report(latencies, errors, samples, (now - started) / 1000);
  return {
    ...base,
    requests: answeredCount,
    perSecond: round(answeredCount / base.seconds),
    due: total,
    lateSends,
    slowerThanBound: slower,
    unanswered: open.size,
    maxInFlight,
  };
}

/** One call at a time (each answered before the next), at least `minRequests`, then until `seconds` or `maxRequests`. */
export async function sequential(
  target: HttpTarget,
  next: (i: number) => HttpCall,
  options: { minRequests: number; maxRequests: number; seconds: number },
): Promise<LoadReport> {
  const latencies: number[] = [];
  const samples: string[] = [];
  let errors = 0;
  const started = performance.now();
  for (let i = 0; i < options.maxRequests && (i < options.minRequests || performance.now() - started < options.seconds * 1000); i++) {
    const call = next(i);
    const t0 = performance.now();
    const answer = await target.send(call);
    latencies.push(performance.now() - t0);
    if (answer.status !== 200) {
      errors++;
      if (samples.length < 5) samples.push(`${call.method} ${call.path} → ${answer.status} ${answer.body.slice(0, 300)}`);
    }
  }
  return report(latencies, errors, samples, (performance.now() - started) / 1000);
}
