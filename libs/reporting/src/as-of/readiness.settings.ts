import { LAG_COUNT_LIMIT } from './as-of.types';

/** How far the projector may be behind the event store before `GET /health/ready` answers 503. */
export interface ReadinessLimits {
  /** READINESS_MAX_LAG_EVENTS: events after the projector's mark; undefined = no limit. */
  readonly maxLagEvents?: number;
  /** READINESS_MAX_LAG_SECONDS: the store head's recordedAt − the mark's; undefined = no limit. */
  readonly maxLagSeconds?: number;
}

function wholeNumber(name: string, value: string | undefined, max: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new RangeError(`${name} must be a whole number from 1 to ${max} (unset: no limit), not ${JSON.stringify(value)}`);
  }
  return n;
}

/**
 * READINESS_MAX_LAG_EVENTS (1 … 100,000: the lag is counted up to that many) and
 * READINESS_MAX_LAG_SECONDS (1 … 604,800, a week); both unset by default, so readiness depends
 * only on ClickHouse and the store answering. A bad value stops the start with this message.
 */
export function readinessLimitsFromEnv(env: NodeJS.ProcessEnv): ReadinessLimits {
  return {
    maxLagEvents: wholeNumber('READINESS_MAX_LAG_EVENTS', env.READINESS_MAX_LAG_EVENTS, LAG_COUNT_LIMIT),
    maxLagSeconds: wholeNumber('READINESS_MAX_LAG_SECONDS', env.READINESS_MAX_LAG_SECONDS, 7 * 86400),
  };
}

/** Why a lag is too much for these limits; undefined when it is within them (or unknown: no store). */
export function lagProblem(lag: { readonly events: number | null; readonly seconds: number | null }, limits: ReadinessLimits): string | undefined {
  const over: string[] = [];
  if (limits.maxLagEvents !== undefined && lag.events !== null && lag.events > limits.maxLagEvents) {
    over.push(`${lag.events} events behind (READINESS_MAX_LAG_EVENTS=${limits.maxLagEvents})`);
  }
  if (limits.maxLagSeconds !== undefined && lag.seconds !== null && lag.seconds > limits.maxLagSeconds) {
    over.push(`${lag.seconds} s behind (READINESS_MAX_LAG_SECONDS=${limits.maxLagSeconds})`);
  }
  return over.length > 0 ? `the projector is ${over.join(' and ')} the event store` : undefined;
}
