import { CommandOutcome, EventStore, IdempotentCommandRunner, loadAggregate } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import {
  decideMarketRegistrations,
  evolveMarketRegistrations,
  initialMarketRegistrations,
  MarketCellInput,
  MarketCellInvalidError,
  marketRegistrationsStreamId,
} from '../../domain/market-registrations.aggregate';
import { OrgReferences } from '../shared/org-references';
import { ImportMarketRegistrationsCommand, MarketRegistrationsRow } from './import-market-registrations.command';
import { MarketCellAction, MarketImportResult } from './market-import-result.dto';

interface StreamRows {
  readonly area: string;
  readonly month: string;
  readonly cells: MarketCellInput[];
}

/** The rows by stream (area × month), in stream id order: two concurrent imports lock their streams in the same order. */
function byStream(rows: readonly MarketRegistrationsRow[]): Map<string, StreamRows> {
  const streams = new Map<string, StreamRows>();
  const seen = new Map<string, number>();
  rows.forEach((r, index) => {
    const row = r.row ?? index + 1;
    const cell = JSON.stringify([r.area, r.segment, r.month]);
    const first = seen.get(cell);
    if (first !== undefined)
      throw new MarketCellInvalidError(`row ${row}: the same cell as row ${first} (${r.area} ${r.segment} ${r.month}); a cell may appear once`);
    seen.set(cell, row);
    const streamId = marketRegistrationsStreamId(r.area, r.month);
    const stream = streams.get(streamId) ?? { area: r.area, month: r.month, cells: [] };
    stream.cells.push({ row, segment: r.segment, registrations: r.registrations, models: r.models });
    streams.set(streamId, stream);
  });
  return new Map([...streams].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * Imports the market's registrations all or nothing, in one transaction: every area must be a
 * branch, a cell may appear once, each area × month stream decides its cells (unchanged, new, a
 * conflict without `revise`, a revision with it; one model in one segment), then appends.
 */
@CommandHandler(ImportMarketRegistrationsCommand)
export class ImportMarketRegistrationsHandler implements ICommandHandler<ImportMarketRegistrationsCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  execute({ input, context }: ImportMarketRegistrationsCommand): Promise<CommandOutcome<MarketImportResult>> {
    const streams = byStream(input.rows);
    return this.runner.run(context.idempotency, 200, async (manager) => {
      const cells: MarketImportResult['cells'] = [];
      const eventIds: string[] = [];
      const positions: string[] = [];
      const areas = new Map<string, boolean>();
      for (const [streamId, stream] of streams) {
        if (!areas.has(stream.area)) areas.set(stream.area, (await this.references.branchOpenedOn(stream.area, manager)) !== null);
        if (!areas.get(stream.area)) {
          throw new MarketCellInvalidError(`row ${stream.cells[0]?.row ?? '?'}: area ${stream.area} is not a branch (a market area is a branch's territory)`);
        }
        const { state, version } = await loadAggregate(this.store, streamId, initialMarketRegistrations, evolveMarketRegistrations, manager);
        const events = decideMarketRegistrations(
          {
            type: 'ImportMarketRegistrations',
            eventIds: stream.cells.map(() => randomUUID()),
            occurredAt: input.occurredAt,
            area: stream.area,
            month: stream.month,
            cells: stream.cells,
            revise: input.revise,
          },
          state,
        );
        for (const cell of stream.cells) {
          const current = state.cells.get(cell.segment);
          const changed = events.some((e) => (e.payload as { segment: string }).segment === cell.segment);
          const action: MarketCellAction = !changed ? 'unchanged' : current ? 'revised' : 'imported';
          const cellVersion = (current?.version ?? 0) + (changed ? 1 : 0);
          cells.push({ row: cell.row, area: stream.area, segment: cell.segment, month: stream.month, action, version: cellVersion });
        }
        if (events.length === 0) continue;
        const appended = await this.store.appendWithin(manager, streamId, version, events, context.metadata);
        for (const e of appended.events) {
          eventIds.push(e.eventId);
          positions.push(e.globalPosition);
        }
      }
      cells.sort((a, b) => a.row - b.row);
      return { cells, eventIds, positions, position: positions[positions.length - 1] ?? null };
    });
  }
}
