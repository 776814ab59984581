import { AccessorySold, AccessorySoldV1, buildEvent, EventEnvelope, Money, NewEvent } from '@app/contracts';
import { AccessorySaleAlreadyRecordedError, invalidPartsCommand } from './parts.errors';

/**
 * One accessory sale. Accessories are not part-numbered stock of the parts ledger, so a sale is
 * a small stream of its own and does not contend with the branch's parts counter.
 */
export type AccessorySaleState = { readonly status: 'none' } | { readonly status: 'sold'; readonly branchId: string };

export const initialAccessorySale: AccessorySaleState = { status: 'none' };

export interface SellAccessory {
  readonly type: 'SellAccessory';
  readonly eventId: string;
  readonly occurredAt: string;
  readonly branchId: string;
  readonly accessorySaleId: string;
  readonly accessoryCode: string;
  readonly description: string;
  readonly quantity: string;
  readonly amount: Money;
  readonly cost: Money;
  readonly vehicleSaleId: string | null;
}

export type AccessorySaleCommand = SellAccessory;

export function accessorySaleStreamId(accessorySaleId: string): string {
  return `accessory-sale-${accessorySaleId}`;
}

export function decideAccessorySale(command: AccessorySaleCommand, state: AccessorySaleState): NewEvent[] {
  switch (command.type) {
    case 'SellAccessory': {
      if (state.status === 'sold') throw new AccessorySaleAlreadyRecordedError(command.accessorySaleId);
      const payload: AccessorySoldV1 = {
        accessorySaleId: command.accessorySaleId,
        accessoryCode: command.accessoryCode,
        description: command.description,
        quantity: command.quantity,
        amount: command.amount,
        cost: command.cost,
        vehicleSaleId: command.vehicleSaleId,
      };
      return [buildEvent(AccessorySold, command, payload, invalidPartsCommand)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${String(unhandled)}`);
    }
  }
}

export function evolveAccessorySale(state: AccessorySaleState, event: EventEnvelope): AccessorySaleState {
  switch (event.type) {
    case AccessorySold.type:
      return { status: 'sold', branchId: event.branchId };
    default:
      return state;
  }
}
