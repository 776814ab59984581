import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController, createCommandController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { BackOrderPartsHandler } from './commands/back-order-parts/back-order-parts.handler';
import { backOrderPartsRoute } from './commands/back-order-parts/back-order-parts.route';
import { AdjustStockHandler } from './commands/adjust-stock/adjust-stock.handler';
import { adjustStockRoute } from './commands/adjust-stock/adjust-stock.route';
import { DispatchTransferHandler } from './commands/dispatch-transfer/dispatch-transfer.handler';
import { dispatchTransferRoute } from './commands/dispatch-transfer/dispatch-transfer.route';
import { PartsStockLedger } from './commands/parts-stock-ledger';
import { ReceivePartsHandler } from './commands/receive-parts/receive-parts.handler';
import { receivePartsRoute } from './commands/receive-parts/receive-parts.route';
import { ReceiveTransferHandler } from './commands/receive-transfer/receive-transfer.handler';
import { receiveTransferRoute } from './commands/receive-transfer/receive-transfer.route';
import { ReturnPartsHandler } from './commands/return-parts/return-parts.handler';
import { returnPartsRoute } from './commands/return-parts/return-parts.route';
import { SellAccessoryHandler } from './commands/sell-accessory/sell-accessory.handler';
import { sellAccessoryRoute } from './commands/sell-accessory/sell-accessory.route';
import { SellPartsHandler } from './commands/sell-parts/sell-parts.handler';
import { sellPartsRoute } from './commands/sell-parts/sell-parts.route';
import { TakeStockSnapshotHandler } from './commands/take-stock-snapshot/take-stock-snapshot.handler';
import { takeStockSnapshotRoute } from './commands/take-stock-snapshot/take-stock-snapshot.route';

/**
 * The parts route table: every command with a JSON body. Its single endpoints
 * (createCommandController), its batch endpoint, the OpenAPI document and the authorization
 * matrix test all read it.
 */
export const PARTS_COMMAND_ROUTES = [
  receivePartsRoute,
  sellPartsRoute,
  backOrderPartsRoute,
  returnPartsRoute,
  sellAccessoryRoute,
  adjustStockRoute,
  takeStockSnapshotRoute,
  dispatchTransferRoute,
  receiveTransferRoute,
];

/** The parts bounded context's command side. Needs the EventStoreModule and a BranchDirectory. */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [createCommandController('parts', PARTS_COMMAND_ROUTES), createBatchController('parts', 'api/v1/parts', PARTS_COMMAND_ROUTES)],
  providers: [
    PartsStockLedger,
    ReceivePartsHandler,
    SellPartsHandler,
    BackOrderPartsHandler,
    ReturnPartsHandler,
    SellAccessoryHandler,
    AdjustStockHandler,
    TakeStockSnapshotHandler,
    DispatchTransferHandler,
    ReceiveTransferHandler,
  ],
})
export class PartsModule {}
