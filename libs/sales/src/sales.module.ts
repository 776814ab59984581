import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { CancelOrderController, cancelOrderRoute } from './commands/cancel-order/cancel-order.controller';
import { CancelOrderHandler } from './commands/cancel-order/cancel-order.handler';
import { CompleteTestDriveController, completeTestDriveRoute } from './commands/complete-test-drive/complete-test-drive.controller';
import { CompleteTestDriveHandler } from './commands/complete-test-drive/complete-test-drive.handler';
import { CreateLeadController, createLeadRoute } from './commands/create-lead/create-lead.controller';
import { CreateLeadHandler } from './commands/create-lead/create-lead.handler';
import { DeliverVehicleController, deliverVehicleRoute } from './commands/deliver-vehicle/deliver-vehicle.controller';
import { DeliverVehicleHandler } from './commands/deliver-vehicle/deliver-vehicle.handler';
import { ReceivePaymentController, receivePaymentRoute } from './commands/receive-payment/receive-payment.controller';
import { ReceivePaymentHandler } from './commands/receive-payment/receive-payment.handler';
import { ReturnVehicleController, returnVehicleRoute } from './commands/return-vehicle/return-vehicle.controller';
import { ReturnVehicleHandler } from './commands/return-vehicle/return-vehicle.handler';
import { SignOrderController, signOrderRoute } from './commands/sign-order/sign-order.controller';
import { SignOrderHandler } from './commands/sign-order/sign-order.handler';

/** Every sales command, for the batch endpoint. */
export const SALES_COMMAND_ROUTES = [
  createLeadRoute,
  completeTestDriveRoute,
  signOrderRoute,
  cancelOrderRoute,
  receivePaymentRoute,
  deliverVehicleRoute,
  returnVehicleRoute,
];

/** The sales bounded context's command side. Needs the EventStoreModule and a BranchDirectory. */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [
    CreateLeadController,
    CompleteTestDriveController,
    SignOrderController,
    CancelOrderController,
    ReceivePaymentController,
    DeliverVehicleController,
    ReturnVehicleController,
    createBatchController('sales', 'api/v1/sales', SALES_COMMAND_ROUTES),
  ],
  providers: [
    CreateLeadHandler,
    CompleteTestDriveHandler,
    SignOrderHandler,
    CancelOrderHandler,
    ReceivePaymentHandler,
    DeliverVehicleHandler,
    ReturnVehicleHandler,
  ],
})
export class SalesModule {}
