import { ClickHouseClient } from '@app/clickhouse';
import { CommitPosition } from '@app/event-store';
import { PROJECTOR_EVENTS } from '@app/kpi';
import { DataSource } from 'typeorm';

const PAGE = 50_000;

/**
 * For a deployment that projected events before projector_events existed (migration 0013): the
 * positions of every event up to the embedded projector's checkpoint (all of them are in the
 * facts), so that the as-of marks and minPosition know them. Only when projector_events is empty;
 * returns how many rows it wrote. Kafka mode has no single checkpoint to trust: there the marks
 * start with the first event projected after the upgrade (docs/adr/0018-as-of-marks.md).
 */
export async function backfillProjectorEvents(store: DataSource, clickhouse: ClickHouseClient, upTo: CommitPosition): Promise<number> {
  if (upTo.globalPosition === '0') return 0;
  const [known] = await clickhouse.query<{ n: string }>(`SELECT toString(count()) AS n FROM ${PROJECTOR_EVENTS}`);
  if (known?.n !== '0') return 0;
  let after = '0';
  let written = 0;
  for (;;) {
    const rows: { global_position: string; recorded_at: Date }[] = await store.query(
      `SELECT global_position::text AS global_position, recorded_at FROM events
        WHERE global_position > $1::bigint AND (transaction_id, global_position) <= ($2::xid8, $3::bigint)
        ORDER BY global_position LIMIT ${PAGE}`,
      [after, upTo.transactionId, upTo.globalPosition],
    );
    if (rows.length === 0) return written;
    await clickhouse.insert(
      PROJECTOR_EVENTS,
      rows.map((r) => ({ global_position: r.global_position, recorded_at: r.recorded_at.toISOString().replace('T', ' ').replace('Z', '') })),
    );
    written += rows.length;
    after = rows[rows.length - 1]!.global_position;
  }
}
