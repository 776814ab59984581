import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { DeliverVehicleController, deliverVehicleRoute } from './commands/deliver-vehicle/deliver-vehicle.controller';
import { DeliverVehicleHandler } from './commands/deliver-vehicle/deliver-vehicle.handler';

/** Every sales command, for the batch endpoint. */
export const SALES_COMMAND_ROUTES = [deliverVehicleRoute];

/** The sales bounded context's command side. Needs the EventStoreModule and a BranchDirectory. */
@Module({
  imports: [CommandsModule],
  controllers: [DeliverVehicleController, createBatchController('sales', 'api/v1/sales', SALES_COMMAND_ROUTES)],
  providers: [DeliverVehicleHandler],
})
export class SalesModule {}
