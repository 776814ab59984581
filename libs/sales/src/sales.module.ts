import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController, createCommandController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { CancelOrderHandler } from './commands/cancel-order/cancel-order.handler';
import { cancelOrderRoute } from './commands/cancel-order/cancel-order.route';
import { CompleteTestDriveHandler } from './commands/complete-test-drive/complete-test-drive.handler';
import { completeTestDriveRoute } from './commands/complete-test-drive/complete-test-drive.route';
import { CreateLeadHandler } from './commands/create-lead/create-lead.handler';
import { createLeadRoute } from './commands/create-lead/create-lead.route';
import { DeliverVehicleHandler } from './commands/deliver-vehicle/deliver-vehicle.handler';
import { deliverVehicleRoute } from './commands/deliver-vehicle/deliver-vehicle.route';
import { LogSalesActivityHandler } from './commands/log-sales-activity/log-sales-activity.handler';
import { logSalesActivityRoute } from './commands/log-sales-activity/log-sales-activity.route';
import { ReceivePaymentHandler } from './commands/receive-payment/receive-payment.handler';
import { receivePaymentRoute } from './commands/receive-payment/receive-payment.route';
import { ReturnVehicleHandler } from './commands/return-vehicle/return-vehicle.handler';
import { returnVehicleRoute } from './commands/return-vehicle/return-vehicle.route';
import { SignOrderHandler } from './commands/sign-order/sign-order.handler';
import { signOrderRoute } from './commands/sign-order/sign-order.route';

/**
 * The sales route table: every command with a JSON body. Its single endpoints
 * (createCommandController), its batch endpoint, the OpenAPI document and the authorization
 * matrix test all read it.
 */
export const SALES_COMMAND_ROUTES = [
  createLeadRoute,
  completeTestDriveRoute,
  signOrderRoute,
  cancelOrderRoute,
  receivePaymentRoute,
  deliverVehicleRoute,
  returnVehicleRoute,
  logSalesActivityRoute,
];

/** The sales bounded context's command side. Needs the EventStoreModule, a BranchDirectory and an EmployeeDirectory (BranchDirectoryModule). */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [createCommandController('sales', SALES_COMMAND_ROUTES), createBatchController('sales', 'api/v1/sales', SALES_COMMAND_ROUTES)],
  providers: [
    CreateLeadHandler,
    CompleteTestDriveHandler,
    SignOrderHandler,
    CancelOrderHandler,
    ReceivePaymentHandler,
    DeliverVehicleHandler,
    ReturnVehicleHandler,
    LogSalesActivityHandler,
  ],
})
export class SalesModule {}
