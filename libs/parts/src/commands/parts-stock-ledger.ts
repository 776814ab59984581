import { NewEvent } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { decidePartsStock, evolvePartsStock, initialPartsStock, PartsStockCommand, PartsStockState, partsStockStreamId } from '../domain/parts-stock.aggregate';

/**
 * Runs parts commands against a branch's stock ledger stream: lock, load, decide, append, in one
 * transaction with the idempotency key.
 *
 * Every parts command of a branch appends to the same stream. Racing on the stream version would
 * turn two clerks booking unrelated parts at the same moment into a 409 for one of them, so a
 * command first takes a transaction-scoped advisory lock on the ledger: commands of one branch
 * queue for a few milliseconds instead, and each decides on the state its predecessor left. A
 * second sale of the last unit then fails on the rule (INSUFFICIENT_STOCK, 409). A client that
 * sends If-Match still gets STREAM_VERSION_CONFLICT (409) when the ledger moved past that
 * version, and the store's expected-version check stays the last line of defence.
 */
@Injectable()
export class PartsStockLedger {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  /** `command` may read other streams with the transaction's manager (a transfer reads its sender's ledger). */
  execute(
    branchId: string,
    context: CommandContext,
    command: (manager: EntityManager) => Promise<PartsStockCommand> | PartsStockCommand,
  ): Promise<CommandOutcome<StreamCommandResult>> {
    const streamId = partsStockStreamId(branchId);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('parts-stock-ledger'), hashtext($1))`, [streamId]);
      const decided = await command(manager);
      return executeStreamCommand(this.store, manager, {
        streamId,
        initial: initialPartsStock,
        evolve: evolvePartsStock,
        decide: (state): NewEvent[] => decidePartsStock(decided, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }

  /** A branch's ledger as of the transaction. */
  async load(branchId: string, manager: EntityManager): Promise<PartsStockState> {
    const { state } = await loadAggregate(this.store, partsStockStreamId(branchId), initialPartsStock, evolvePartsStock, manager);
    return state;
  }
}
