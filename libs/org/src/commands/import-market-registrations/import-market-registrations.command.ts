import { CommandOutcome } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { MarketImportResult } from './market-import-result.dto';

export interface MarketRegistrationsRow {
  /** The row errors name: the file's row (1 = the header) for a file; default the position in the request, from 1. */
  readonly row?: number;
  readonly area: string;
  readonly segment: string;
  readonly month: string;
  readonly registrations: number;
  readonly models: readonly string[];
}

export interface ImportMarketRegistrationsInput {
  readonly occurredAt: string;
  readonly revise: boolean;
  readonly rows: readonly MarketRegistrationsRow[];
}

export class ImportMarketRegistrationsCommand extends Command<CommandOutcome<MarketImportResult>> {
  constructor(
    readonly input: ImportMarketRegistrationsInput,
    readonly context: CommandContext,
  ) {
    super();
  }
}
