import { EventMetadata } from '@app/contracts';
import { Command } from '@nestjs/cqrs';
import { DeliverVehicle } from '../../domain/vehicle-sale.aggregate';

export interface DeliverVehicleResult {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventIds: string[];
}

export class DeliverVehicleCommand extends Command<DeliverVehicleResult> {
  constructor(
    readonly delivery: DeliverVehicle,
    readonly metadata: EventMetadata,
    /** Optimistic concurrency from the client (If-Match); otherwise the version the handler read. */
    readonly expectedVersion?: number,
  ) {
    super();
  }
}
