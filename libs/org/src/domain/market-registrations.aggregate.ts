import { buildEvent, DomainError, DomainEvent, EventEnvelope, MarketRegistrationsImported, NewEvent } from '@app/contracts';
import { invalidOrgData } from './org-event';

/**
 * The market's new-vehicle registrations of one market area (a branch's territory) and month, by
 * market segment: one stream per area and month, every version of each segment's cell kept
 * (docs/adr/0026-market-share.md).
 */
export interface MarketCell {
  readonly registrations: number;
  /** The own models of the segment, ascending without repeats. */
  readonly models: readonly string[];
  readonly version: number;
}

export interface MarketRegistrationsState {
  /** By segment. */
  readonly cells: ReadonlyMap<string, MarketCell>;
}

export const initialMarketRegistrations: MarketRegistrationsState = { cells: new Map() };

/** One segment's figure as imported. */
export interface MarketCellInput {
  /** The row of the request (1-based), named in errors. */
  readonly row: number;
  readonly segment: string;
  readonly registrations: number;
  readonly models: readonly string[];
}

export interface ImportMarketRegistrations {
  readonly type: 'ImportMarketRegistrations';
  /** One event id per cell, in the order of `cells`. */
  readonly eventIds: readonly string[];
  readonly occurredAt: string;
  readonly area: string;
  readonly month: string;
  readonly cells: readonly MarketCellInput[];
  /** true: a cell already imported with other figures gets a new version; false: that is a conflict. */
  readonly revise: boolean;
}

export type MarketRegistrationsCommand = ImportMarketRegistrations;

export function marketRegistrationsStreamId(area: string, month: string): string {
  return `market-registrations-${area}-${month}`;
}

/** Other figures for a cell already imported, without `revise`: 409, nothing imported. */
export class MarketFigureConflictError extends DomainError {
  readonly code = 'MARKET_FIGURE_CONFLICT';
  readonly kind = 'conflict';
}

/** A row that contradicts the other segments of its area and month: 422, nothing imported. */
export class MarketCellInvalidError extends DomainError {
  readonly code = 'MARKET_CELL_INVALID';
  readonly kind = 'unprocessable';
}

/** The models as stored: trimmed, ascending (code-unit order, the same in every process), without repeats. */
export function normalisedModels(models: readonly string[]): string[] {
  return [...new Set(models.map((m) => m.trim()))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const sameCell = (cell: MarketCell, input: MarketCellInput) =>
  cell.registrations === input.registrations && cell.models.join('\n') === normalisedModels(input.models).join('\n');

/**
 * A new cell is version 1; the same figures again change nothing (an import sent twice is
 * idempotent); other figures for an imported cell are a conflict unless the import says it revises,
 * then the next version. After the import, one own model belongs to one segment of the area and
 * month at most: a delivery counts in one cell only, so a region's Σ own registrations has no double.
 */
export function decideMarketRegistrations(command: MarketRegistrationsCommand, state: MarketRegistrationsState): NewEvent[] {
  switch (command.type) {
    case 'ImportMarketRegistrations': {
      const { area, month } = command;
      const after = new Map(state.cells);
      const events: NewEvent[] = [];
      command.cells.forEach((input, index) => {
        const current = state.cells.get(input.segment);
        if (current && sameCell(current, input)) return;
        if (current && !command.revise) {
          throw new MarketFigureConflictError(
            `row ${input.row}: ${area} ${month} ${input.segment} was imported with ${current.registrations} registrations of ${current.models.join(', ')} (version ${current.version}); ` +
              'send revise: true to replace it',
          );
        }
        const models = normalisedModels(input.models);
        const version = (current?.version ?? 0) + 1;
        after.set(input.segment, { registrations: input.registrations, models, version });
        events.push(
          buildEvent(
            MarketRegistrationsImported,
            { eventId: command.eventIds[index] ?? '', occurredAt: command.occurredAt, branchId: area },
            { area, segment: input.segment, month, registrations: input.registrations, models, version },
            invalidOrgData,
          ),
        );
      });
      const segmentOfModel = new Map<string, string>();
      for (const [segment, cell] of [...after].sort(([a], [b]) => (a < b ? -1 : 1))) {
        for (const model of cell.models) {
          const other = segmentOfModel.get(model);
          if (other !== undefined) {
            const row = command.cells.find((c) => c.segment === segment || c.segment === other)?.row;
            throw new MarketCellInvalidError(
              `row ${row ?? '?'}: model ${model} is in two segments of ${area} ${month} (${other} and ${segment}); a model belongs to one segment`,
            );
          }
          segmentOfModel.set(model, segment);
        }
      }
      return events;
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveMarketRegistrations(state: MarketRegistrationsState, envelope: EventEnvelope): MarketRegistrationsState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'MarketRegistrationsImported': {
      const { segment, registrations, models, version } = event.payload;
      return { cells: new Map(state.cells).set(segment, { registrations, models, version }) };
    }
    default:
      return state;
  }
}
