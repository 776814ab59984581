import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { AdjustStockController, adjustStockRoute } from './commands/adjust-stock/adjust-stock.controller';
import { AdjustStockHandler } from './commands/adjust-stock/adjust-stock.handler';
import { DispatchTransferController, dispatchTransferRoute } from './commands/dispatch-transfer/dispatch-transfer.controller';
import { DispatchTransferHandler } from './commands/dispatch-transfer/dispatch-transfer.handler';
import { PartsStockLedger } from './commands/parts-stock-ledger';
import { ReceivePartsController, receivePartsRoute } from './commands/receive-parts/receive-parts.controller';
import { ReceivePartsHandler } from './commands/receive-parts/receive-parts.handler';
import { ReceiveTransferController, receiveTransferRoute } from './commands/receive-transfer/receive-transfer.controller';
import { ReceiveTransferHandler } from './commands/receive-transfer/receive-transfer.handler';
import { ReturnPartsController, returnPartsRoute } from './commands/return-parts/return-parts.controller';
import { ReturnPartsHandler } from './commands/return-parts/return-parts.handler';
import { SellAccessoryController, sellAccessoryRoute } from './commands/sell-accessory/sell-accessory.controller';
import { SellAccessoryHandler } from './commands/sell-accessory/sell-accessory.handler';
import { SellPartsController, sellPartsRoute } from './commands/sell-parts/sell-parts.controller';
import { SellPartsHandler } from './commands/sell-parts/sell-parts.handler';
import { TakeStockSnapshotController, takeStockSnapshotRoute } from './commands/take-stock-snapshot/take-stock-snapshot.controller';
import { TakeStockSnapshotHandler } from './commands/take-stock-snapshot/take-stock-snapshot.handler';

/** Every parts command, for the batch endpoint. */
export const PARTS_COMMAND_ROUTES = [
  receivePartsRoute,
  sellPartsRoute,
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
  controllers: [
    ReceivePartsController,
    SellPartsController,
    ReturnPartsController,
    SellAccessoryController,
    AdjustStockController,
    TakeStockSnapshotController,
    DispatchTransferController,
    ReceiveTransferController,
    createBatchController('parts', 'api/v1/parts', PARTS_COMMAND_ROUTES),
  ],
  providers: [
    PartsStockLedger,
    ReceivePartsHandler,
    SellPartsHandler,
    ReturnPartsHandler,
    SellAccessoryHandler,
    AdjustStockHandler,
    TakeStockSnapshotHandler,
    DispatchTransferHandler,
    ReceiveTransferHandler,
  ],
})
export class PartsModule {}
