import {
  DomainError,
  EventEnvelope,
  Money,
  NewEvent,
  payloadProblems,
  VehicleCondition,
  VehicleDelivered,
  VehicleDeliveredV1,
} from '@app/contracts';

/**
 * A vehicle sale, from the dealer's point of view. This first slice knows delivery only; orders,
 * payments and returns join it as their events are added.
 */
export type VehicleSaleState =
  | { readonly status: 'open' }
  | { readonly status: 'delivered'; readonly vin: string; readonly invoice: Money };

export const initialVehicleSale: VehicleSaleState = { status: 'open' };

export interface DeliverVehicle {
  readonly type: 'DeliverVehicle';
  readonly eventId: string;
  readonly vehicleSaleId: string;
  readonly branchId: string;
  readonly orderId: string | null;
  readonly vin: string;
  readonly model: string;
  readonly condition: VehicleCondition;
  readonly consultantId: string;
  readonly customerId: string | null;
  readonly invoice: Money;
  readonly cost: Money;
  readonly occurredAt: string;
}

export type VehicleSaleCommand = DeliverVehicle;

export class VehicleAlreadyDeliveredError extends DomainError {
  readonly code = 'VEHICLE_ALREADY_DELIVERED';
  readonly kind = 'conflict';
  constructor(readonly vehicleSaleId: string) {
    super(`vehicle sale ${vehicleSaleId} was already delivered`);
  }
}

export class InvalidDeliveryError extends DomainError {
  readonly code = 'INVALID_DELIVERY';
  readonly kind = 'invalid';
}

export function vehicleSaleStreamId(vehicleSaleId: string): string {
  return `vehicle-sale-${vehicleSaleId}`;
}

export function decideVehicleSale(command: VehicleSaleCommand, state: VehicleSaleState): NewEvent[] {
  switch (command.type) {
    case 'DeliverVehicle': {
      if (state.status === 'delivered') throw new VehicleAlreadyDeliveredError(command.vehicleSaleId);
      const payload: VehicleDeliveredV1 = {
        vehicleSaleId: command.vehicleSaleId,
        orderId: command.orderId,
        vin: command.vin,
        model: command.model,
        condition: command.condition,
        consultantId: command.consultantId,
        customerId: command.customerId,
        invoice: command.invoice,
        cost: command.cost,
      };
      const problems = payloadProblems(VehicleDelivered, payload);
      if (problems.length > 0) throw new InvalidDeliveryError(problems.join('; '));
      return [
        {
          eventId: command.eventId,
          type: VehicleDelivered.type,
          schemaVersion: VehicleDelivered.schemaVersion,
          occurredAt: command.occurredAt,
          branchId: command.branchId,
          payload,
        },
      ];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${String(unhandled)}`);
    }
  }
}

export function evolveVehicleSale(state: VehicleSaleState, event: EventEnvelope): VehicleSaleState {
  switch (event.type) {
    case VehicleDelivered.type: {
      const payload = event.payload as VehicleDeliveredV1;
      return { status: 'delivered', vin: payload.vin, invoice: payload.invoice };
    }
    default:
      return state;
  }
}
