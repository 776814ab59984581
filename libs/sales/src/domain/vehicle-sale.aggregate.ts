import {
  amountOf,
  buildEvent,
  DomainError,
  EventEnvelope,
  Exact,
  FinanceType,
  formatAmount,
  isAmount,
  Money,
  NewEvent,
  OrderCancelled,
  OrderCancelledV1,
  OrderSigned,
  OrderSignedV1,
  PaymentKind,
  PaymentReceived,
  PaymentReceivedV1,
  VehicleCondition,
  VehicleDelivered,
  VehicleDeliveredV2,
  VehicleReturned,
  VehicleReturnedV2,
} from '@app/contracts';
import { LeadState } from './lead.aggregate';
import { OtherBranchError } from './sales.errors';

/**
 * One vehicle sale, stream `vehicle-sale-<id>`: the order (signed, maybe cancelled), the payments,
 * the delivery and a return (退车). A sale may start at its delivery (a DMS that syncs deliveries
 * only); an order may then still be recorded late. Order and delivery are tracked side by side.
 */
export interface OrderFacts {
  readonly orderId: string;
}

export interface DeliveryFacts {
  /** The VehicleDelivered event a return refers to. */
  readonly eventId: string;
  readonly deliveredAt: string;
  readonly orderId: string | null;
  readonly vin: string;
  readonly model: string;
  readonly condition: VehicleCondition;
  readonly consultantId: string;
  readonly invoice: Money;
  readonly cost: Money;
  /** The customer's market area (the territory the deal is credited to); null when not recorded. */
  readonly customerArea: string | null;
}

export interface VehicleSaleState {
  /** The branch of the first event; null while nothing was recorded. */
  readonly branchId: string | null;
  /** The currency of the sale's money, fixed by its first event that carries money. */
  readonly currency: string | null;
  readonly order: { readonly status: 'none' } | { readonly status: 'signed' | 'cancelled'; readonly facts: OrderFacts };
  readonly delivery: { readonly status: 'none' } | { readonly status: 'delivered' | 'returned'; readonly facts: DeliveryFacts };
  /** Gross of the deposits, balances and loan payouts received. */
  readonly receivedGross: Exact;
  /** Gross of the refunds paid back. */
  readonly refundedGross: Exact;
}

export const initialVehicleSale: VehicleSaleState = {
  branchId: null,
  currency: null,
  order: { status: 'none' },
  delivery: { status: 'none' },
  receivedGross: new Exact(0),
  refundedGross: new Exact(0),
};

interface SaleCommandBase {
  readonly eventId: string;
  readonly vehicleSaleId: string;
  readonly branchId: string;
  readonly occurredAt: string;
}

export interface SignOrder extends SaleCommandBase {
  readonly type: 'SignOrder';
  readonly orderId: string;
  readonly leadId: string | null;
  readonly model: string;
  readonly condition: VehicleCondition;
  readonly listPrice: Money;
  readonly transactionPrice: Money;
  readonly deposit: Money;
  readonly finance: FinanceType;
  readonly consultantId: string;
  readonly customerId: string;
}

export interface CancelOrder extends SaleCommandBase {
  readonly type: 'CancelOrder';
  readonly reason: string;
}

export interface ReceivePayment extends SaleCommandBase {
  readonly type: 'ReceivePayment';
  readonly kind: PaymentKind;
  readonly amount: Money;
}

export interface DeliverVehicle extends SaleCommandBase {
  readonly type: 'DeliverVehicle';
  readonly orderId: string | null;
  readonly vin: string;
  readonly model: string;
  readonly condition: VehicleCondition;
  readonly consultantId: string;
  readonly customerId: string | null;
  /** The customer's market area; null when not recorded. */
  readonly customerArea: string | null;
  readonly invoice: Money;
  readonly cost: Money;
}

export interface ReturnVehicle extends SaleCommandBase {
  readonly type: 'ReturnVehicle';
  readonly reason: string;
  readonly invoiceReversed: Money;
  readonly costReversed: Money;
}

export type VehicleSaleCommand = SignOrder | CancelOrder | ReceivePayment | DeliverVehicle | ReturnVehicle;

/** What the handler read from other streams for the decision. */
export interface VehicleSaleLookups {
  /** The lead a SignOrder names, when it names one. */
  readonly lead?: LeadState;
}

export class VehicleSaleNotFoundError extends DomainError {
  readonly code = 'VEHICLE_SALE_NOT_FOUND';
  readonly kind = 'not-found';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} has no order and no delivery`);
  }
}

export class VehicleAlreadyDeliveredError extends DomainError {
  readonly code = 'VEHICLE_ALREADY_DELIVERED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} was already delivered`);
  }
}

export class OrderAlreadySignedError extends DomainError {
  readonly code = 'ORDER_ALREADY_SIGNED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} already has a signed order`);
  }
}

export class OrderNotSignedError extends DomainError {
  readonly code = 'ORDER_NOT_SIGNED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} has no signed order`);
  }
}

export class OrderCancelledError extends DomainError {
  readonly code = 'ORDER_CANCELLED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`the order of vehicle sale ${vehicleSaleId} was cancelled`);
  }
}

export class OrderAlreadyCancelledError extends DomainError {
  readonly code = 'ORDER_ALREADY_CANCELLED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`the order of vehicle sale ${vehicleSaleId} was already cancelled`);
  }
}

export class VehicleNotDeliveredError extends DomainError {
  readonly code = 'VEHICLE_NOT_DELIVERED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} was not delivered: nothing to return`);
  }
}

export class VehicleAlreadyReturnedError extends DomainError {
  readonly code = 'VEHICLE_ALREADY_RETURNED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} was already returned`);
  }
}

export class UnknownLeadError extends DomainError {
  readonly code = 'UNKNOWN_LEAD';
  readonly kind = 'invalid';
  constructor(readonly leadId: string) {
    super(`lead ${leadId} does not exist`);
  }
}

export class OrderMismatchError extends DomainError {
  readonly code = 'ORDER_MISMATCH';
  readonly kind = 'invalid';
  constructor(vehicleSaleId: string, signed: string, given: string) {
    super(`vehicle sale ${vehicleSaleId} belongs to order ${signed}, not ${given}`);
  }
}

export class SaleCurrencyMismatchError extends DomainError {
  readonly code = 'CURRENCY_MISMATCH';
  readonly kind = 'invalid';
  constructor(vehicleSaleId: string, expected: string, given: string) {
    super(`vehicle sale ${vehicleSaleId} is in ${expected}, not ${given}`);
  }
}

export class RefundExceedsPaymentsError extends DomainError {
  readonly code = 'REFUND_EXCEEDS_PAYMENTS';
  readonly kind = 'unprocessable';
  constructor(vehicleSaleId: string, refund: string, available: string) {
    super(`vehicle sale ${vehicleSaleId}: a refund of ${refund} exceeds the ${available} received and not yet refunded`);
  }
}

export class ReturnExceedsDeliveryError extends DomainError {
  readonly code = 'RETURN_EXCEEDS_DELIVERY';
  readonly kind = 'unprocessable';
}

export class InvalidOrderError extends DomainError {
  readonly code = 'INVALID_ORDER';
  readonly kind = 'invalid';
}

export class InvalidCancellationError extends DomainError {
  readonly code = 'INVALID_CANCELLATION';
  readonly kind = 'invalid';
}

export class InvalidPaymentError extends DomainError {
  readonly code = 'INVALID_PAYMENT';
  readonly kind = 'invalid';
}

export class InvalidDeliveryError extends DomainError {
  readonly code = 'INVALID_DELIVERY';
  readonly kind = 'invalid';
}

export class InvalidReturnError extends DomainError {
  readonly code = 'INVALID_RETURN';
  readonly kind = 'invalid';
}

export function vehicleSaleStreamId(vehicleSaleId: string): string {
  return `vehicle-sale-${vehicleSaleId}`;
}

/** A sale exists once an order or a delivery was recorded. */
function requireExisting(command: SaleCommandBase, state: VehicleSaleState): void {
  if (state.branchId === null) throw new VehicleSaleNotFoundError(command.vehicleSaleId);
}

function requireSameBranch(command: SaleCommandBase, state: VehicleSaleState): void {
  if (state.branchId !== null && state.branchId !== command.branchId) {
    throw new OtherBranchError(`vehicle sale ${command.vehicleSaleId}`, state.branchId, command.branchId);
  }
}

function requireSaleCurrency(command: SaleCommandBase, state: VehicleSaleState, ...money: Money[]): void {
  const expected = state.currency ?? money[0]?.currency;
  const other = money.find((m) => m.currency !== expected);
  if (expected !== undefined && other) throw new SaleCurrencyMismatchError(command.vehicleSaleId, expected, other.currency);
}

export function decideVehicleSale(command: VehicleSaleCommand, state: VehicleSaleState, lookups: VehicleSaleLookups = {}): NewEvent[] {
  switch (command.type) {
    case 'SignOrder': {
      requireSameBranch(command, state);
      if (state.order.status !== 'none') throw new OrderAlreadySignedError(command.vehicleSaleId);
      if (command.leadId !== null) {
        const lead = lookups.lead;
        if (lead === undefined) throw new Error(`lead ${command.leadId} was not loaded for SignOrder`);
        if (lead.status === 'unknown') throw new UnknownLeadError(command.leadId);
        if (lead.branchId !== command.branchId) throw new OtherBranchError(`lead ${command.leadId}`, lead.branchId, command.branchId);
      }
      if (state.delivery.status !== 'none' && state.delivery.facts.orderId !== null && state.delivery.facts.orderId !== command.orderId) {
        throw new OrderMismatchError(command.vehicleSaleId, state.delivery.facts.orderId, command.orderId);
      }
      requireSaleCurrency(command, state, command.listPrice, command.transactionPrice, command.deposit);
      const { deposit, transactionPrice } = command;
      if (isAmountOf(deposit) && isAmountOf(transactionPrice) && amountOf(deposit.gross).gt(amountOf(transactionPrice.gross))) {
        throw new InvalidOrderError('deposit.gross must not exceed transactionPrice.gross');
      }
      const payload: OrderSignedV1 = {
        vehicleSaleId: command.vehicleSaleId,
        orderId: command.orderId,
        leadId: command.leadId,
        model: command.model,
        condition: command.condition,
        listPrice: command.listPrice,
        transactionPrice: command.transactionPrice,
        deposit: command.deposit,
        finance: command.finance,
        consultantId: command.consultantId,
        customerId: command.customerId,
      };
      return [buildEvent(OrderSigned, command, payload, (m) => new InvalidOrderError(m))];
    }
    case 'CancelOrder': {
      requireExisting(command, state);
      requireSameBranch(command, state);
      if (state.order.status === 'none') throw new OrderNotSignedError(command.vehicleSaleId);
      if (state.order.status === 'cancelled') throw new OrderAlreadyCancelledError(command.vehicleSaleId);
      if (state.delivery.status !== 'none') throw new VehicleAlreadyDeliveredError(command.vehicleSaleId);
      const payload: OrderCancelledV1 = { vehicleSaleId: command.vehicleSaleId, orderId: state.order.facts.orderId, reason: command.reason };
      return [buildEvent(OrderCancelled, command, payload, (m) => new InvalidCancellationError(m))];
    }
    case 'ReceivePayment': {
      requireExisting(command, state);
      requireSameBranch(command, state);
      requireSaleCurrency(command, state, command.amount);
      if (command.kind === 'refund') {
        const available = state.receivedGross.minus(state.refundedGross);
        if (isAmountOf(command.amount) && amountOf(command.amount.gross).gt(available)) {
          throw new RefundExceedsPaymentsError(command.vehicleSaleId, command.amount.gross, formatAmount(available));
        }
      } else if (state.delivery.status === 'none' && state.order.status !== 'signed') {
        throw new OrderCancelledError(command.vehicleSaleId);
      }
      const orderId = state.order.status !== 'none' ? state.order.facts.orderId : state.delivery.status !== 'none' ? state.delivery.facts.orderId : null;
      const payload: PaymentReceivedV1 = { vehicleSaleId: command.vehicleSaleId, orderId, kind: command.kind, amount: command.amount };
      return [buildEvent(PaymentReceived, command, payload, (m) => new InvalidPaymentError(m))];
    }
    case 'DeliverVehicle': {
      if (state.delivery.status !== 'none') throw new VehicleAlreadyDeliveredError(command.vehicleSaleId);
      if (state.order.status === 'cancelled') throw new OrderCancelledError(command.vehicleSaleId);
      requireSameBranch(command, state);
      const signedOrderId = state.order.status === 'signed' ? state.order.facts.orderId : null;
      if (signedOrderId !== null && command.orderId !== null && command.orderId !== signedOrderId) {
        throw new OrderMismatchError(command.vehicleSaleId, signedOrderId, command.orderId);
      }
      requireSaleCurrency(command, state, command.invoice, command.cost);
      const payload: VehicleDeliveredV2 = {
        vehicleSaleId: command.vehicleSaleId,
        orderId: command.orderId ?? signedOrderId,
        vin: command.vin,
        model: command.model,
        condition: command.condition,
        consultantId: command.consultantId,
        customerId: command.customerId,
        invoice: command.invoice,
        cost: command.cost,
        ...(command.customerArea !== null ? { customerArea: command.customerArea } : {}),
      };
      return [buildEvent(VehicleDelivered, command, payload, (m) => new InvalidDeliveryError(m))];
    }
    case 'ReturnVehicle': {
      requireExisting(command, state);
      requireSameBranch(command, state);
      if (state.delivery.status === 'none') throw new VehicleNotDeliveredError(command.vehicleSaleId);
      if (state.delivery.status === 'returned') throw new VehicleAlreadyReturnedError(command.vehicleSaleId);
      const delivered = state.delivery.facts;
      if (Date.parse(command.occurredAt) < Date.parse(delivered.deliveredAt)) {
        throw new InvalidReturnError(`occurredAt must not be before the delivery at ${delivered.deliveredAt}`);
      }
      requireSaleCurrency(command, { ...state, currency: delivered.invoice.currency }, command.invoiceReversed, command.costReversed);
      requireWithin(command.vehicleSaleId, 'invoiceReversed', command.invoiceReversed, 'invoice', delivered.invoice);
      requireWithin(command.vehicleSaleId, 'costReversed', command.costReversed, 'cost', delivered.cost);
      const payload: VehicleReturnedV2 = {
        vehicleSaleId: command.vehicleSaleId,
        deliveryEventId: delivered.eventId,
        orderId: delivered.orderId ?? (state.order.status === 'none' ? null : state.order.facts.orderId),
        vin: delivered.vin,
        model: delivered.model,
        condition: delivered.condition,
        consultantId: delivered.consultantId,
        reason: command.reason,
        invoiceReversed: command.invoiceReversed,
        costReversed: command.costReversed,
        ...(delivered.customerArea !== null ? { customerArea: delivered.customerArea } : {}),
      };
      return [buildEvent(VehicleReturned, command, payload, (m) => new InvalidReturnError(m))];
    }
    default: {
      const unhandled: never = command;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

/** Money whose amounts are well-formed; malformed ones are left to the schema check, which names the field. */
function isAmountOf(money: Money): boolean {
  return [money.net, money.tax, money.gross].every(isAmount);
}

/** A reversed amount may not exceed what the delivery booked, neither net nor gross. */
function requireWithin(vehicleSaleId: string, field: string, reversed: Money, deliveredField: string, delivered: Money): void {
  if (!isAmountOf(reversed)) return;
  for (const part of ['net', 'gross'] as const) {
    if (amountOf(reversed[part]).gt(amountOf(delivered[part]))) {
      throw new ReturnExceedsDeliveryError(
        `vehicle sale ${vehicleSaleId}: ${field}.${part} ${reversed[part]} exceeds the delivery's ${deliveredField}.${part} ${delivered[part]}`,
      );
    }
  }
}

export function evolveVehicleSale(state: VehicleSaleState, event: EventEnvelope): VehicleSaleState {
  const branchId = state.branchId ?? event.branchId;
  switch (event.type) {
    case OrderSigned.type: {
      const p = event.payload as OrderSignedV1;
      return {
        ...state,
        branchId,
        currency: state.currency ?? p.transactionPrice.currency,
        order: { status: 'signed', facts: { orderId: p.orderId } },
      };
    }
    case OrderCancelled.type:
      return state.order.status === 'none' ? state : { ...state, order: { status: 'cancelled', facts: state.order.facts } };
    case PaymentReceived.type: {
      const p = event.payload as PaymentReceivedV1;
      const gross = amountOf(p.amount.gross);
      const moved = p.kind === 'refund' ? { refundedGross: state.refundedGross.plus(gross) } : { receivedGross: state.receivedGross.plus(gross) };
      return { ...state, ...moved, branchId, currency: state.currency ?? p.amount.currency };
    }
    case VehicleDelivered.type: {
      const p = event.payload as VehicleDeliveredV2;
      return {
        ...state,
        branchId,
        currency: state.currency ?? p.invoice.currency,
        delivery: {
          status: 'delivered',
          facts: {
            eventId: event.eventId,
            deliveredAt: event.occurredAt,
            orderId: p.orderId,
            vin: p.vin,
            model: p.model,
            condition: p.condition,
            consultantId: p.consultantId,
            invoice: p.invoice,
            cost: p.cost,
            customerArea: p.customerArea ?? null,
          },
        },
      };
    }
    case VehicleReturned.type:
      return state.delivery.status === 'none' ? state : { ...state, delivery: { status: 'returned', facts: state.delivery.facts } };
    default:
      return state;
  }
}
