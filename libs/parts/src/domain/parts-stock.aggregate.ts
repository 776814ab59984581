import {
  amountOf,
  buildEvent,
  EventEnvelope,
  Exact,
  formatQuantity,
  InterBranchTransferDispatched,
  InterBranchTransferDispatchedV1,
  InterBranchTransferReceived,
  InterBranchTransferReceivedV1,
  isAmount,
  isQuantity,
  Money,
  NewEvent,
  PartsBackOrdered,
  PartsBackOrderedV1,
  PartsCustomerType,
  PartsReceived,
  PartsReceivedV1,
  PartsReturnDirection,
  PartsReturned,
  PartsReturnedV1,
  PartsRequestChannel,
  PartsSold,
  PartsSoldV2,
  proRata,
  quantityOf,
  StockAdjusted,
  StockAdjustedV1,
  StockAdjustmentReason,
  StockSnapshotTaken,
  StockSnapshotTakenV1,
  sumMoney,
} from '@app/contracts';
import {
  BackOrderExceededError,
  BackOrderNotFoundError,
  DocumentAlreadyRecordedError,
  InsufficientStockError,
  invalidPartsCommand,
  InvalidPartsCommandError,
  OriginalDocumentNotFoundError,
  ReturnExceedsOriginalError,
  StockSnapshotAlreadyTakenError,
  StockSnapshotTooEarlyError,
  TransferAlreadyReceivedError,
  TransferNotDispatchedError,
  TransferReceiptExceedsDispatchError,
  TransferWrongDestinationError,
} from './parts.errors';

/**
 * The parts stock ledger of one branch: every event that moves the branch's parts stock, in one
 * stream. The stream is the consistency boundary of "stock never goes below zero" for a
 * multi-line document (a counter sale of five parts checks all five against one state and
 * appends once); two concurrent sales of the last unit append at the same version, and the
 * store lets one through.
 */
export function partsStockStreamId(branchId: string): string {
  return `parts-stock-${branchId}`;
}

/** What a document line left to return: quantity and money net. */
interface ReturnableLine {
  readonly genuine: boolean;
  readonly quantity: Exact;
  readonly net: Exact;
}

/** A transfer as its sender dispatched it: what a receipt is checked against. */
export interface DispatchedTransfer {
  readonly transferId: string;
  readonly fromBranchId: string;
  readonly toBranchId: string;
  readonly lines: InterBranchTransferDispatchedV1['lines'];
}

export interface PartsStockState {
  /** Stock on hand by part number. */
  readonly stock: ReadonlyMap<string, Exact>;
  /** Goods receipts by receipt id, with what is left to return to the supplier (by part number). */
  readonly receipts: ReadonlyMap<string, ReadonlyMap<string, ReturnableLine>>;
  /** Counter sales by sale id, with what is left to take back from the customer (by part number). */
  readonly sales: ReadonlyMap<string, ReadonlyMap<string, ReturnableLine>>;
  readonly returns: ReadonlySet<string>;
  readonly adjustments: ReadonlySet<string>;
  /** Transfers this branch sent, by transfer id. */
  readonly dispatched: ReadonlyMap<string, DispatchedTransfer>;
  /** Transfers this branch received, as `<fromBranchId>/<transferId>`. */
  readonly received: ReadonlySet<string>;
  /** Months whose snapshot was taken. */
  readonly snapshots: ReadonlySet<string>;
  /**
   * Back-orders recorded, by back-order id: the part and channel a delivery against it must match, and
   * the quantity still open (requested less what counter sale lines naming it have sold).
   */
  readonly backOrders: ReadonlyMap<string, { readonly partNumber: string; readonly channel: PartsRequestChannel; readonly open: Exact }>;
}

export const initialPartsStock: PartsStockState = {
  stock: new Map(),
  receipts: new Map(),
  sales: new Map(),
  returns: new Set(),
  adjustments: new Set(),
  dispatched: new Map(),
  received: new Set(),
  snapshots: new Set(),
  backOrders: new Map(),
};

interface CommandBase {
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
}

export interface ReceiveParts extends CommandBase {
  readonly type: 'ReceiveParts';
  readonly receiptId: string;
  readonly supplierId: string;
  readonly purchaseOrderRef: string | null;
  readonly partNumber: string;
  readonly quantity: string;
  readonly genuine: boolean;
  readonly cost: Money;
}

export interface SellParts extends CommandBase {
  readonly type: 'SellParts';
  readonly saleId: string;
  readonly customerType: PartsCustomerType;
  readonly customerId: string | null;
  readonly lines: readonly {
    readonly partNumber: string;
    readonly quantity: string;
    readonly genuine: boolean;
    readonly amount: Money;
    readonly cost: Money;
    /** The counter back-order the line serves (the part came in after the first request). */
    readonly backOrderId?: string;
  }[];
}

/** A request the stores could not serve in full from stock at once (a miss of the parts fill rate). */
export interface BackOrderParts extends CommandBase {
  readonly type: 'BackOrderParts';
  readonly backOrderId: string;
  readonly channel: PartsRequestChannel;
  readonly repairOrderId: string | null;
  readonly customerType: PartsCustomerType | null;
  readonly partNumber: string;
  readonly genuine: boolean;
  readonly quantityRequested: string;
  readonly quantityServed: string;
}

export interface ReturnParts extends CommandBase {
  readonly type: 'ReturnParts';
  readonly returnId: string;
  readonly direction: PartsReturnDirection;
  readonly originalDocumentId: string;
  readonly reason: string | null;
  readonly lines: readonly { readonly partNumber: string; readonly quantity: string; readonly amount: Money; readonly cost: Money }[];
}

export interface AdjustStock extends CommandBase {
  readonly type: 'AdjustStock';
  readonly adjustmentId: string;
  readonly reason: StockAdjustmentReason;
  readonly partNumber: string;
  readonly quantityDelta: string;
  readonly value: Money;
  readonly note: string | null;
}

export interface TakeStockSnapshot extends CommandBase {
  readonly type: 'TakeStockSnapshot';
  readonly month: string;
  readonly partCount: number;
  readonly totalQuantity: string;
  readonly totalValue: Money;
  readonly agedStock: StockSnapshotTakenV1['agedStock'];
}

/** `branchId` is the sending branch. */
export interface DispatchTransfer extends CommandBase {
  readonly type: 'DispatchTransfer';
  readonly transferId: string;
  readonly toBranchId: string;
  readonly lines: readonly { readonly partNumber: string; readonly quantity: string; readonly value: Money }[];
}

/**
 * `branchId` is the receiving branch. `dispatch` is what the handler found on the sender's
 * ledger (null when the sender never dispatched this transfer).
 */
export interface ReceiveTransfer extends CommandBase {
  readonly type: 'ReceiveTransfer';
  readonly transferId: string;
  readonly fromBranchId: string;
  readonly lines: readonly { readonly partNumber: string; readonly quantity: string }[];
  readonly dispatch: DispatchedTransfer | null;
}

export type PartsStockCommand = ReceiveParts | SellParts | BackOrderParts | ReturnParts | AdjustStock | TakeStockSnapshot | DispatchTransfer | ReceiveTransfer;

function onHand(state: PartsStockState, partNumber: string): Exact {
  return state.stock.get(partNumber) ?? new Exact(0);
}

/** Every part taken out must be in stock: stock never goes below zero. */
function requireStock(state: PartsStockState, branchId: string, lines: readonly { partNumber: string; quantity: string }[]): void {
  for (const line of lines) {
    const wanted = quantityOf(line.quantity);
    const available = onHand(state, line.partNumber);
    if (wanted.gt(available)) throw new InsufficientStockError(branchId, line.partNumber, formatQuantity(available), formatQuantity(wanted));
  }
}

function requireNew(ids: { has(id: string): boolean }, document: string, id: string, branchId: string): void {
  if (ids.has(id)) throw new DocumentAlreadyRecordedError(document, id, branchId);
}

/** The last month that has begun anywhere on earth at `instant` (UTC+14), as YYYY-MM. */
function latestMonthAt(instant: string): string {
  return new Date(Date.parse(instant) + 14 * 3600 * 1000).toISOString().slice(0, 7);
}

/** Quantities must be well-formed before any arithmetic on them. */
function requireQuantities(lines: readonly { partNumber: string; quantity: string }[]): void {
  const bad = lines.filter((l) => !isQuantity(l.quantity));
  if (bad.length > 0) {
    throw new InvalidPartsCommandError(bad.map((l) => `quantity of part ${l.partNumber} must be a decimal string such as "2" or "1.5"`).join('; '));
  }
}

/**
 * A counter sale line that serves a back-order names one this ledger recorded, of the counter and
 * for the same part. (A repair order's issue names its back-order on the workshop's side, which
 * does not read this ledger: there the reference is recorded as given.)
 */
function requireBackOrder(
  state: PartsStockState,
  command: CommandBase,
  backOrderId: string,
  partNumber: string,
  channel: PartsRequestChannel,
  quantity: string,
): void {
  const backOrder = state.backOrders.get(backOrderId);
  if (!backOrder) throw new BackOrderNotFoundError(backOrderId, command.branchId);
  if (backOrder.channel !== channel || backOrder.partNumber !== partNumber) {
    throw new InvalidPartsCommandError(
      `back-order ${backOrderId} is a ${backOrder.channel} back-order of part ${backOrder.partNumber}: a ${channel} line of part ${partNumber} cannot serve it`,
    );
  }
  if (quantityOf(quantity).gt(backOrder.open)) throw new BackOrderExceededError(backOrderId, formatQuantity(backOrder.open), quantity);
}

function decideReturn(command: ReturnParts, state: PartsStockState): NewEvent[] {
  requireNew(state.returns, 'parts return', command.returnId, command.branchId);
  const fromCustomer = command.direction === 'from_customer';
  const document = fromCustomer ? 'counter sale' : 'goods receipt';
  const original = (fromCustomer ? state.sales : state.receipts).get(command.originalDocumentId);
  if (!original) throw new OriginalDocumentNotFoundError(document, command.originalDocumentId, command.branchId);
  const payload: PartsReturnedV1 = {
    returnId: command.returnId,
    direction: command.direction,
    originalDocumentId: command.originalDocumentId,
    reason: command.reason,
    lines: command.lines.map((line) => ({
      partNumber: line.partNumber,
      quantity: line.quantity,
      genuine: original.get(line.partNumber)?.genuine ?? false,
      amount: line.amount,
      cost: line.cost,
    })),
  };
  const event = buildEvent(PartsReturned, command, payload, invalidPartsCommand);
  for (const line of command.lines) {
    const left = original.get(line.partNumber);
    if (!left) {
      throw new ReturnExceedsOriginalError(`part ${line.partNumber} is not on ${document} ${command.originalDocumentId}`);
    }
    if (quantityOf(line.quantity).gt(left.quantity)) {
      throw new ReturnExceedsOriginalError(
        `${document} ${command.originalDocumentId} has ${formatQuantity(left.quantity)} of part ${line.partNumber} left to return, not ${line.quantity}`,
      );
    }
    if (amountOf(line.amount.net).gt(left.net)) {
      throw new ReturnExceedsOriginalError(`the amount returned for part ${line.partNumber} exceeds what is left of ${document} ${command.originalDocumentId}`);
    }
  }
  if (!fromCustomer) requireStock(state, command.branchId, command.lines);
  return [event];
}

function decideTransferReceipt(command: ReceiveTransfer, state: PartsStockState): NewEvent[] {
  const dispatch = command.dispatch;
  if (!dispatch) throw new TransferNotDispatchedError(command.transferId, command.fromBranchId);
  if (dispatch.toBranchId !== command.branchId) {
    throw new TransferWrongDestinationError(command.transferId, dispatch.toBranchId, command.branchId);
  }
  if (state.received.has(`${command.fromBranchId}/${command.transferId}`)) {
    throw new TransferAlreadyReceivedError(command.transferId, command.fromBranchId);
  }
  requireQuantities(command.lines);
  const lines = command.lines.map((line) => {
    const sent = dispatch.lines.find((l) => l.partNumber === line.partNumber);
    if (!sent) throw new TransferReceiptExceedsDispatchError(`part ${line.partNumber} was not dispatched on transfer ${command.transferId}`);
    const received = quantityOf(line.quantity);
    const dispatched = quantityOf(sent.quantity);
    if (received.gt(dispatched)) {
      throw new TransferReceiptExceedsDispatchError(
        `${line.quantity} of part ${line.partNumber} received, but only ${sent.quantity} dispatched on transfer ${command.transferId}`,
      );
    }
    return { partNumber: line.partNumber, quantity: line.quantity, value: proRata(sent.value, received, dispatched) };
  });
  const currency = dispatch.lines[0]?.value.currency ?? '';
  const payload: InterBranchTransferReceivedV1 = {
    transferId: command.transferId,
    fromBranchId: command.fromBranchId,
    toBranchId: command.branchId,
    lines,
    value: sumMoney(
      currency,
      lines.map((l) => l.value),
    ),
  };
  return [buildEvent(InterBranchTransferReceived, command, payload, invalidPartsCommand)];
}

export function decidePartsStock(command: PartsStockCommand, state: PartsStockState): NewEvent[] {
  switch (command.type) {
    case 'ReceiveParts': {
      requireNew(state.receipts, 'goods receipt', command.receiptId, command.branchId);
      const payload: PartsReceivedV1 = {
        receiptId: command.receiptId,
        supplierId: command.supplierId,
        purchaseOrderRef: command.purchaseOrderRef,
        partNumber: command.partNumber,
        quantity: command.quantity,
        genuine: command.genuine,
        cost: command.cost,
      };
      return [buildEvent(PartsReceived, command, payload, invalidPartsCommand)];
    }
    case 'SellParts': {
      requireNew(state.sales, 'counter sale', command.saleId, command.branchId);
      requireQuantities(command.lines);
      for (const line of command.lines)
        if (line.backOrderId !== undefined) requireBackOrder(state, command, line.backOrderId, line.partNumber, 'counter', line.quantity);
      const payload: PartsSoldV2 = {
        saleId: command.saleId,
        customerType: command.customerType,
        customerId: command.customerId,
        lines: command.lines.map((l) => ({ ...l })),
      };
      const event = buildEvent(PartsSold, command, payload, invalidPartsCommand);
      requireStock(state, command.branchId, command.lines);
      return [event];
    }
    case 'BackOrderParts': {
      requireNew(state.backOrders, 'back-order', command.backOrderId, command.branchId);
      const payload: PartsBackOrderedV1 = {
        backOrderId: command.backOrderId,
        channel: command.channel,
        repairOrderId: command.repairOrderId,
        customerType: command.customerType,
        partNumber: command.partNumber,
        genuine: command.genuine,
        quantityRequested: command.quantityRequested,
        quantityServed: command.quantityServed,
      };
      return [buildEvent(PartsBackOrdered, command, payload, invalidPartsCommand)];
    }
    case 'ReturnParts':
      return decideReturn(command, state);
    case 'AdjustStock': {
      requireNew(state.adjustments, 'stock adjustment', command.adjustmentId, command.branchId);
      const payload: StockAdjustedV1 = {
        adjustmentId: command.adjustmentId,
        reason: command.reason,
        partNumber: command.partNumber,
        quantityDelta: command.quantityDelta,
        value: command.value,
        note: command.note,
      };
      const event = buildEvent(StockAdjusted, command, payload, invalidPartsCommand);
      const delta = quantityOf(command.quantityDelta);
      if (delta.lt(0)) requireStock(state, command.branchId, [{ partNumber: command.partNumber, quantity: formatQuantity(delta.neg()) }]);
      return [event];
    }
    case 'TakeStockSnapshot': {
      if (state.snapshots.has(command.month)) throw new StockSnapshotAlreadyTakenError(command.branchId, command.month);
      const payload: StockSnapshotTakenV1 = {
        month: command.month,
        partCount: command.partCount,
        totalQuantity: command.totalQuantity,
        totalValue: command.totalValue,
        agedStock: command.agedStock,
      };
      const event = buildEvent(StockSnapshotTaken, command, payload, invalidPartsCommand);
      if (command.month > latestMonthAt(command.occurredAt)) throw new StockSnapshotTooEarlyError(command.month);
      return [event];
    }
    case 'DispatchTransfer': {
      requireNew(state.dispatched, 'transfer', command.transferId, command.branchId);
      if (!command.lines.every((l) => isAmount(l.value.net) && isAmount(l.value.tax) && isAmount(l.value.gross))) {
        throw new InvalidPartsCommandError('every line value must be money with two-decimal amounts');
      }
      const currency = command.lines[0]?.value.currency ?? '';
      if (command.lines.some((l) => l.value.currency !== currency)) {
        throw new InvalidPartsCommandError('value: the lines must add up to value in one currency');
      }
      const payload: InterBranchTransferDispatchedV1 = {
        transferId: command.transferId,
        fromBranchId: command.branchId,
        toBranchId: command.toBranchId,
        lines: command.lines.map((l) => ({ ...l })),
        value: sumMoney(
          currency,
          command.lines.map((l) => l.value),
        ),
      };
      const event = buildEvent(InterBranchTransferDispatched, command, payload, invalidPartsCommand);
      requireStock(state, command.branchId, command.lines);
      return [event];
    }
    case 'ReceiveTransfer':
      return decideTransferReceipt(command, state);
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

function moveStock(stock: ReadonlyMap<string, Exact>, moves: readonly { partNumber: string; delta: Exact }[]): Map<string, Exact> {
  const next = new Map(stock);
  for (const { partNumber, delta } of moves) next.set(partNumber, (next.get(partNumber) ?? new Exact(0)).plus(delta));
  return next;
}

function returnable(lines: readonly { partNumber: string; genuine: boolean; quantity: string; net: string }[]): Map<string, ReturnableLine> {
  return new Map(lines.map((l) => [l.partNumber, { genuine: l.genuine, quantity: quantityOf(l.quantity), net: amountOf(l.net) }]));
}

function applyReturn(state: PartsStockState, payload: PartsReturnedV1): PartsStockState {
  const fromCustomer = payload.direction === 'from_customer';
  const documents = fromCustomer ? state.sales : state.receipts;
  const original = documents.get(payload.originalDocumentId);
  const left = new Map(original);
  for (const line of payload.lines) {
    const before = left.get(line.partNumber);
    if (before) {
      left.set(line.partNumber, {
        genuine: before.genuine,
        quantity: before.quantity.minus(quantityOf(line.quantity)),
        net: before.net.minus(amountOf(line.amount.net)),
      });
    }
  }
  const nextDocuments = new Map(documents).set(payload.originalDocumentId, left);
  const sign = fromCustomer ? 1 : -1;
  return {
    ...state,
    stock: moveStock(
      state.stock,
      payload.lines.map((l) => ({ partNumber: l.partNumber, delta: quantityOf(l.quantity).times(sign) })),
    ),
    returns: new Set(state.returns).add(payload.returnId),
    ...(fromCustomer ? { sales: nextDocuments } : { receipts: nextDocuments }),
  };
}

export function evolvePartsStock(state: PartsStockState, event: EventEnvelope): PartsStockState {
  switch (event.type) {
    case PartsReceived.type: {
      const p = event.payload as PartsReceivedV1;
      return {
        ...state,
        stock: moveStock(state.stock, [{ partNumber: p.partNumber, delta: quantityOf(p.quantity) }]),
        receipts: new Map(state.receipts).set(
          p.receiptId,
          returnable([{ partNumber: p.partNumber, genuine: p.genuine, quantity: p.quantity, net: p.cost.net }]),
        ),
      };
    }
    case PartsSold.type: {
      const p = event.payload as PartsSoldV2;
      // Replayed for every sale each time the ledger loads: copy the back-orders only when a line serves one.
      let backOrders = state.backOrders;
      for (const line of p.lines) {
        const served = line.backOrderId === undefined ? undefined : backOrders.get(line.backOrderId);
        if (line.backOrderId === undefined || !served) continue;
        backOrders = new Map(backOrders).set(line.backOrderId, { ...served, open: served.open.minus(quantityOf(line.quantity)) });
      }
      return {
        ...state,
        backOrders,
        stock: moveStock(
          state.stock,
          p.lines.map((l) => ({ partNumber: l.partNumber, delta: quantityOf(l.quantity).neg() })),
        ),
        sales: new Map(state.sales).set(p.saleId, returnable(p.lines.map((l) => ({ ...l, net: l.amount.net })))),
      };
    }
    case PartsBackOrdered.type: {
      const p = event.payload as PartsBackOrderedV1;
      return {
        ...state,
        backOrders: new Map(state.backOrders).set(p.backOrderId, { partNumber: p.partNumber, channel: p.channel, open: quantityOf(p.quantityRequested) }),
      };
    }
    case PartsReturned.type:
      return applyReturn(state, event.payload as PartsReturnedV1);
    case StockAdjusted.type: {
      const p = event.payload as StockAdjustedV1;
      return {
        ...state,
        stock: moveStock(state.stock, [{ partNumber: p.partNumber, delta: quantityOf(p.quantityDelta) }]),
        adjustments: new Set(state.adjustments).add(p.adjustmentId),
      };
    }
    case StockSnapshotTaken.type: {
      const p = event.payload as StockSnapshotTakenV1;
      return { ...state, snapshots: new Set(state.snapshots).add(p.month) };
    }
    case InterBranchTransferDispatched.type: {
      const p = event.payload as InterBranchTransferDispatchedV1;
      return {
        ...state,
        stock: moveStock(
          state.stock,
          p.lines.map((l) => ({ partNumber: l.partNumber, delta: quantityOf(l.quantity).neg() })),
        ),
        dispatched: new Map(state.dispatched).set(p.transferId, {
          transferId: p.transferId,
          fromBranchId: p.fromBranchId,
          toBranchId: p.toBranchId,
          lines: p.lines,
        }),
      };
    }
    case InterBranchTransferReceived.type: {
      const p = event.payload as InterBranchTransferReceivedV1;
      return {
        ...state,
        stock: moveStock(
          state.stock,
          p.lines.map((l) => ({ partNumber: l.partNumber, delta: quantityOf(l.quantity) })),
        ),
        received: new Set(state.received).add(`${p.fromBranchId}/${p.transferId}`),
      };
    }
    default:
      return state;
  }
}

/** Stock on hand of a part, as a quantity string (for tests and diagnostics). */
export function stockOf(state: PartsStockState, partNumber: string): string {
  return formatQuantity(onHand(state, partNumber));
}
