export interface EventuallyOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `check` until it stops throwing (an `expect` inside it passes) or the deadline passes,
 * then rethrows the last failure. Tests use this instead of sleeping.
 */
export async function expectEventually<T>(check: () => Promise<T> | T, options: EventuallyOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  const interval = options.intervalMs ?? 50;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await pause(interval);
  }
}

/**
 * Calls a relay-like `runOnce` (returns how many events it handed over) until `expected` events
 * were handed over in all. The commit-order reader only reads below the server-wide snapshot xmin,
 * so another test's open transaction on the same Postgres server can make a call return 0 for a
 * while: one call is not enough.
 */
export async function runUntilHandedOver(runOnce: () => Promise<number>, expected: number, options: EventuallyOptions = {}): Promise<number> {
  let total = 0;
  await expectEventually(
    async () => {
      total += await runOnce();
      if (total < expected) throw new Error(`${total} of ${expected} events handed over`);
    },
    { timeoutMs: 30_000, ...options },
  );
  return total;
}
