import { DomainError } from '@app/contracts';

/** A command whose event would not satisfy the event's published schema. */
export class InvalidPartsCommandError extends DomainError {
  readonly code = 'INVALID_PARTS_COMMAND';
  readonly kind = 'invalid';
}

/** The error factory the shared event builder (`buildEvent` of @app/contracts) calls on a refused payload. */
export const invalidPartsCommand = (message: string): InvalidPartsCommandError => new InvalidPartsCommandError(message);

/** Stock of a part at a branch would go below zero. */
export class InsufficientStockError extends DomainError {
  readonly code = 'INSUFFICIENT_STOCK';
  readonly kind = 'conflict';
  constructor(
    readonly branchId: string,
    readonly partNumber: string,
    readonly onHand: string,
    readonly requested: string,
  ) {
    super(`branch ${branchId} has ${onHand} of part ${partNumber} in stock, not the ${requested} asked for`);
  }
}

/** A document id (receipt, sale, return, adjustment, transfer) the branch has recorded before. */
export class DocumentAlreadyRecordedError extends DomainError {
  readonly code = 'PARTS_DOCUMENT_ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(
    readonly document: string,
    readonly documentId: string,
    readonly branchId: string,
  ) {
    super(`${document} ${documentId} was already recorded at branch ${branchId}`);
  }
}

export class StockSnapshotAlreadyTakenError extends DomainError {
  readonly code = 'STOCK_SNAPSHOT_ALREADY_TAKEN';
  readonly kind = 'conflict';
  constructor(
    readonly branchId: string,
    readonly month: string,
  ) {
    super(`the stock snapshot of ${month} was already taken at branch ${branchId}`);
  }
}

export class StockSnapshotTooEarlyError extends DomainError {
  readonly code = 'STOCK_SNAPSHOT_MONTH_NOT_STARTED';
  readonly kind = 'invalid';
  constructor(readonly month: string) {
    super(`a snapshot of ${month} cannot be taken before that month has begun`);
  }
}

/** A return names a sale or receipt the branch has not recorded. */
export class OriginalDocumentNotFoundError extends DomainError {
  readonly code = 'ORIGINAL_DOCUMENT_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(
    readonly document: string,
    readonly documentId: string,
    readonly branchId: string,
  ) {
    super(`branch ${branchId} has no ${document} ${documentId} to return against`);
  }
}

/** A return of more (quantity or money) than the original document has left to return. */
export class ReturnExceedsOriginalError extends DomainError {
  readonly code = 'RETURN_EXCEEDS_ORIGINAL';
  readonly kind = 'conflict';
}

export class TransferNotDispatchedError extends DomainError {
  readonly code = 'TRANSFER_NOT_DISPATCHED';
  readonly kind = 'unprocessable';
  constructor(
    readonly transferId: string,
    readonly fromBranchId: string,
  ) {
    super(`branch ${fromBranchId} has not dispatched transfer ${transferId}`);
  }
}

export class TransferWrongDestinationError extends DomainError {
  readonly code = 'TRANSFER_WRONG_DESTINATION';
  readonly kind = 'unprocessable';
  constructor(
    readonly transferId: string,
    readonly destination: string,
    readonly receiver: string,
  ) {
    super(`transfer ${transferId} was dispatched to branch ${destination}, not to ${receiver}`);
  }
}

export class TransferAlreadyReceivedError extends DomainError {
  readonly code = 'TRANSFER_ALREADY_RECEIVED';
  readonly kind = 'conflict';
  constructor(
    readonly transferId: string,
    readonly fromBranchId: string,
  ) {
    super(`transfer ${transferId} from branch ${fromBranchId} was already received`);
  }
}

/** A received line names a part that was not dispatched, or more than was dispatched. */
export class TransferReceiptExceedsDispatchError extends DomainError {
  readonly code = 'TRANSFER_RECEIPT_EXCEEDS_DISPATCH';
  readonly kind = 'unprocessable';
}

export class AccessorySaleAlreadyRecordedError extends DomainError {
  readonly code = 'ACCESSORY_SALE_ALREADY_RECORDED';
  readonly kind = 'conflict';
  constructor(readonly accessorySaleId: string) {
    super(`accessory sale ${accessorySaleId} was already recorded`);
  }
}

/** A counter sale line names a back-order the branch has not recorded. */
export class BackOrderNotFoundError extends DomainError {
  readonly code = 'BACK_ORDER_NOT_FOUND';
  readonly kind = 'unprocessable';
  constructor(
    readonly backOrderId: string,
    readonly branchId: string,
  ) {
    super(`branch ${branchId} has no back-order ${backOrderId} for a sale line to serve`);
  }
}

/** Counter sale lines naming a back-order would sell more of it than was requested. */
export class BackOrderExceededError extends DomainError {
  readonly code = 'BACK_ORDER_EXCEEDED';
  readonly kind = 'unprocessable';
  constructor(
    readonly backOrderId: string,
    readonly open: string,
    readonly quantity: string,
  ) {
    super(`back-order ${backOrderId} has ${open} left to serve, not ${quantity}`);
  }
}
