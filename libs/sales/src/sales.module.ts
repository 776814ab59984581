import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DeliverVehicleController } from './commands/deliver-vehicle/deliver-vehicle.controller';
import { DeliverVehicleHandler } from './commands/deliver-vehicle/deliver-vehicle.handler';

/** The sales bounded context's command side. Needs the EventStoreModule. */
@Module({
  imports: [CqrsModule],
  controllers: [DeliverVehicleController],
  providers: [DeliverVehicleHandler],
})
export class SalesModule {}
