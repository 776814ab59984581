/** Stop handles for what the jest global setup started; the global teardown runs them. */
type Stop = () => Promise<void>;

const KEY = Symbol.for('dealer-kpi.integration-teardown');
type Holder = { [KEY]?: Stop[] };

export function registerTeardown(stop: Stop): void {
  const holder = globalThis as Holder;
  (holder[KEY] ??= []).push(stop);
}

export async function runTeardown(): Promise<void> {
  const holder = globalThis as Holder;
  const stops = (holder[KEY] ?? []).reverse();
  holder[KEY] = [];
  for (const stop of stops) await stop();
}
