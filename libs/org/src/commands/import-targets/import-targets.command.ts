import { CommandOutcome } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { PlanImportReport } from './plan-import';

export interface ImportTargets {
  readonly fileName: string;
  readonly content: Buffer;
  /** true: check and report only, append nothing. */
  readonly dryRun: boolean;
  readonly occurredAt: string;
}

export class ImportTargetsCommand extends Command<CommandOutcome<PlanImportReport>> {
  constructor(
    readonly input: ImportTargets,
    readonly context: CommandContext,
  ) {
    super();
  }
}
