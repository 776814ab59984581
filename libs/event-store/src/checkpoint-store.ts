import { DataSource, EntityManager } from 'typeorm';
import { CommitPosition, START_OF_STORE } from './event-store';

/** Named positions in the store's commit order, persisted beside the events. A checkpoint only moves forward. */
export class CheckpointStore {
  constructor(private readonly dataSource: DataSource) {}

  async load(name: string): Promise<CommitPosition> {
    const rows: { transaction_id: string; global_position: string }[] = await this.dataSource.query(
      `SELECT transaction_id::text AS transaction_id, global_position FROM checkpoints WHERE name = $1`,
      [name],
    );
    const row = rows[0];
    return row ? { transactionId: row.transaction_id, globalPosition: row.global_position } : START_OF_STORE;
  }

  async save(name: string, position: CommitPosition, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.query(
      `INSERT INTO checkpoints (name, transaction_id, global_position, updated_at)
       VALUES ($1, $2::xid8, $3::bigint, now())
       ON CONFLICT (name) DO UPDATE
         SET transaction_id = EXCLUDED.transaction_id, global_position = EXCLUDED.global_position, updated_at = now()
         WHERE (checkpoints.transaction_id, checkpoints.global_position) < (EXCLUDED.transaction_id, EXCLUDED.global_position)`,
      [name, position.transactionId, position.globalPosition],
    );
  }
}
