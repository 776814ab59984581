import { ClickHouseClient } from '@app/clickhouse';

/** The default rework window W in days (head-office setting `rework_window_days`). */
export const DEFAULT_REWORK_WINDOW_DAYS = 30;

/** Every value the rework window has had, by effective date, oldest first. */
export async function reworkWindows(client: ClickHouseClient): Promise<{ validFrom: string; days: number }[]> {
  const rows = await client.query<{ valid_from: string; value: string }>(
    `SELECT toString(valid_from) AS valid_from, value FROM org_kpi_settings FINAL WHERE key = 'rework_window_days' ORDER BY valid_from`,
  );
  return rows.map((r) => ({ validFrom: r.valid_from, days: Number.parseInt(r.value, 10) })).filter((w) => Number.isInteger(w.days) && w.days >= 0);
}

/** W in force on a date (the default before any setting). */
export function windowInForce(windows: readonly { validFrom: string; days: number }[], date: string): number {
  let days = DEFAULT_REWORK_WINDOW_DAYS;
  for (const w of windows) if (w.validFrom <= date) days = w.days;
  return days;
}
