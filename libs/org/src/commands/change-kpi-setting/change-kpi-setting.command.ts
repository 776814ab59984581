import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { ChangeKpiSetting } from '../../domain/kpi-setting.aggregate';

export class ChangeKpiSettingCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: ChangeKpiSetting,
    readonly context: CommandContext,
  ) {
    super();
  }
}
