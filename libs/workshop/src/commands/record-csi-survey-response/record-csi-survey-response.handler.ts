import { BranchDirectory } from '@app/contracts';
import { CommandOutcome, EventStore, executeStreamCommand, IdempotentCommandRunner, loadAggregate, StreamCommandResult } from '@app/event-store';
import { evolveVehicleSale, initialVehicleSale, vehicleSaleStreamId } from '@app/sales';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { csiSurveyStreamId, decideCsiSurvey, evolveCsiSurvey, initialCsiSurvey, VehicleSaleReference } from '../../domain/csi-survey.aggregate';
import { evolveRepairOrder, initialRepairOrder, repairOrderStreamId } from '../../domain/repair-order.aggregate';
import { RecordCsiSurveyResponseCommand } from './record-csi-survey-response.command';

@CommandHandler(RecordCsiSurveyResponseCommand)
export class RecordCsiSurveyResponseHandler implements ICommandHandler<RecordCsiSurveyResponseCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly branches: BranchDirectory,
  ) {}

  async execute({ input, context }: RecordCsiSurveyResponseCommand): Promise<CommandOutcome<StreamCommandResult>> {
    await this.branches.requireTradingAt(input.branchId, input.occurredAt);
    return this.runner.run(context.idempotency, 201, async (manager) => {
      const repairOrder =
        input.repairOrderId === null
          ? null
          : (await loadAggregate(this.store, repairOrderStreamId(input.repairOrderId), initialRepairOrder, evolveRepairOrder, manager)).state;
      const vehicleSale = input.vehicleSaleId === null ? null : await this.vehicleSale(input.vehicleSaleId, manager);
      return executeStreamCommand(this.store, manager, {
        streamId: csiSurveyStreamId(input.surveyId),
        initial: initialCsiSurvey,
        evolve: evolveCsiSurvey,
        decide: (state) => decideCsiSurvey({ ...input, repairOrder, vehicleSale }, state),
        metadata: context.metadata,
        expectedVersion: context.expectedVersion,
      });
    });
  }

  /** The sale as the sales context's own stream and evolve say; a returned vehicle was delivered all the same. */
  private async vehicleSale(vehicleSaleId: string, manager: EntityManager): Promise<VehicleSaleReference> {
    const { state } = await loadAggregate(this.store, vehicleSaleStreamId(vehicleSaleId), initialVehicleSale, evolveVehicleSale, manager);
    if (state.delivery.status === 'none' || state.branchId === null) return { status: 'not-delivered' };
    return { status: 'delivered', branchId: state.branchId, deliveredAt: state.delivery.facts.deliveredAt };
  }
}
