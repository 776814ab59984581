import { ClickHouseClient } from '@app/clickhouse';

/**
 * How far the read model has got in the event store (libs/clickhouse/migrations/0013_projection_positions.sql,
 * docs/adr/0018-as-of-marks.md). The projector writes a row per event to {@link PROJECTOR_EVENTS}
 * after the event's facts were acknowledged; the KPI roll-up's refresher writes what it consumed
 * to {@link ROLLUP_POSITIONS} after each round.
 */
export const PROJECTOR_EVENTS = 'projector_events';
export const ROLLUP_POSITIONS = 'rollup_positions';

/** The last event a read model includes: its store position and when the store recorded it; nulls when it holds nothing yet. */
export interface ReadModelPosition {
  /** Global position in the event store (a decimal string: positions are 64-bit). */
  readonly position: string | null;
  /** ISO instant the store recorded that event. */
  readonly recordedAt: string | null;
}

/** The projector's mark, with the latest time a row was written (what a roll-up round consumed up to). */
export interface ProjectorPosition extends ReadModelPosition {
  /** `projected_at` of the newest row (ClickHouse's clock, `YYYY-MM-DD hh:mm:ss.ffffff`); null when none. */
  readonly projectedUpto: string | null;
}

/** `2026-12-07 05:00:00.123` (ClickHouse, UTC) → ISO. */
function isoOf(value: string): string {
  return `${value.replace(' ', 'T')}${value.includes('.') ? '' : '.000'}Z`.replace(/\.(\d{3})\d*Z$/, '.$1Z');
}

/** The projector's mark: the highest position it has written facts for. */
export async function projectorPosition(client: ClickHouseClient): Promise<ProjectorPosition> {
  const rows = await client.query<{ position: string; recorded_at: string; projected_upto: string; n: string }>(
    `SELECT toString(max(global_position)) AS position, toString(argMax(recorded_at, global_position)) AS recorded_at,
            toString(max(projected_at)) AS projected_upto, toString(count()) AS n
       FROM ${PROJECTOR_EVENTS}`,
  );
  const row = rows[0];
  if (!row || row.n === '0') return { position: null, recordedAt: null, projectedUpto: null };
  return { position: row.position, recordedAt: isoOf(row.recorded_at), projectedUpto: row.projected_upto };
}

/** What a roll-up kept in rounds (the KPI month roll-up) has consumed; nulls before its first round. */
export async function rollupPosition(client: ClickHouseClient, rollup: string): Promise<ReadModelPosition> {
  const rows = await client.query<{ position: string; recorded_at: string; n: string }>(
    `SELECT toString(argMax(global_position, refreshed_at)) AS position, toString(argMax(recorded_at, refreshed_at)) AS recorded_at, toString(count()) AS n
       FROM ${ROLLUP_POSITIONS} WHERE rollup = {rollup:String}`,
    { rollup },
  );
  const row = rows[0];
  if (!row || row.n === '0' || row.position === '0') return { position: null, recordedAt: null };
  return { position: row.position, recordedAt: isoOf(row.recorded_at) };
}

/**
 * Records that a roll-up now includes every event the projector had written up to `consumed`
 * (read before the round began). Nothing when the projector had written nothing.
 */
export async function recordRollupPosition(client: ClickHouseClient, rollup: string, consumed: ProjectorPosition): Promise<void> {
  if (consumed.position === null || consumed.recordedAt === null || consumed.projectedUpto === null) return;
  await client.insert(ROLLUP_POSITIONS, [
    { rollup, global_position: consumed.position, recorded_at: consumed.recordedAt.replace('T', ' ').replace('Z', ''), projected_upto: consumed.projectedUpto },
  ]);
}

/**
 * Whether the event at `position` is in the facts (the projector wrote its row) and, when a roll-up
 * is named, in that roll-up too (a round that began after the row was written has finished).
 * The exact event is checked, not a comparison with the mark: in Kafka mode partitions are
 * consumed side by side, so an event just below the mark may still be on its way.
 */
export async function positionIncluded(client: ClickHouseClient, position: string, rollup?: string): Promise<boolean> {
  const state = await positionState(client, position, rollup);
  return rollup === undefined ? state.projected : state.projected && state.inRollup;
}

/** Whether the event at `position` is in the facts, and in the roll-up named (false without one). */
export async function positionState(client: ClickHouseClient, position: string, rollup?: string): Promise<{ projected: boolean; inRollup: boolean }> {
  const rows = await client.query<{ projected: number | string; in_rollup: number | string }>(
    `SELECT count() > 0 AS projected,
            count() > 0 AND min(projected_at) <= (SELECT argMax(projected_upto, refreshed_at) FROM ${ROLLUP_POSITIONS} WHERE rollup = {rollup:String}) AS in_rollup
       FROM ${PROJECTOR_EVENTS} WHERE global_position = {position:UInt64}`,
    { position, rollup: rollup ?? '' },
  );
  const row = rows[0];
  return { projected: Number(row?.projected ?? 0) === 1, inRollup: rollup !== undefined && Number(row?.in_rollup ?? 0) === 1 };
}

const roundListeners = new Set<() => void>();

/**
 * A read waiting for the KPI month roll-up (minPosition) asks the refresher of this process, if
 * there is one (the platform; not a separate reporting API), for a round now instead of after its
 * pause. Nothing happens without a refresher in the process: the read waits for the next round.
 */
export function requestRollupRound(): void {
  for (const listener of roundListeners) listener();
}

/** The refresher's side of {@link requestRollupRound}; returns the unsubscribe. */
export function onRollupRoundRequested(listener: () => void): () => void {
  roundListeners.add(listener);
  return () => roundListeners.delete(listener);
}
