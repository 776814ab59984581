import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, StreamCommandResult } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideKpiSetting, evolveKpiSetting, initialKpiSetting, kpiSettingStreamId } from '../../domain/kpi-setting.aggregate';
import { ChangeKpiSettingCommand } from './change-kpi-setting.command';

@CommandHandler(ChangeKpiSettingCommand)
export class ChangeKpiSettingHandler implements ICommandHandler<ChangeKpiSettingCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
  ) {}

  execute({ input, context }: ChangeKpiSettingCommand): Promise<CommandOutcome<StreamCommandResult>> {
    return this.runner.run(context.idempotency, 201, (manager) =>
      executeStreamCommand(this.store, manager, {
        streamId: kpiSettingStreamId(input.key),
        initial: initialKpiSetting,
        evolve: evolveKpiSetting,
        decide: (state) => decideKpiSetting(input, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      }),
    );
  }
}
