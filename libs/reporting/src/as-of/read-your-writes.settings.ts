/** READ_YOUR_WRITES_MAX_WAIT_MS: how long a read with minPosition waits for the projector (and the roll-up). */
export const DEFAULT_MAX_WAIT_MS = 5_000;
export const MAX_MAX_WAIT_MS = 10_000;

/** Whole milliseconds from 0 to 10,000 (default 5,000); anything else stops the start with this message. */
export function maxWaitFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_MAX_WAIT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_MAX_WAIT_MS) {
    throw new RangeError(`READ_YOUR_WRITES_MAX_WAIT_MS must be whole milliseconds from 0 to ${MAX_MAX_WAIT_MS}, not ${JSON.stringify(value)}`);
  }
  return ms;
}
