import { EventStore, loadAggregate, WrongExpectedVersionError } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import {
  decideVehicleSale,
  evolveVehicleSale,
  initialVehicleSale,
  vehicleSaleStreamId,
} from '../../domain/vehicle-sale.aggregate';
import { DeliverVehicleCommand, DeliverVehicleResult } from './deliver-vehicle.command';

@CommandHandler(DeliverVehicleCommand)
export class DeliverVehicleHandler implements ICommandHandler<DeliverVehicleCommand, DeliverVehicleResult> {
  constructor(private readonly store: EventStore) {}

  async execute({ delivery, metadata, expectedVersion }: DeliverVehicleCommand): Promise<DeliverVehicleResult> {
    const streamId = vehicleSaleStreamId(delivery.vehicleSaleId);
    const { state, version } = await loadAggregate(this.store, streamId, initialVehicleSale, evolveVehicleSale);
    if (expectedVersion !== undefined && expectedVersion !== version) {
      throw new WrongExpectedVersionError(streamId, expectedVersion, version);
    }
    const events = decideVehicleSale(delivery, state);
    const result = await this.store.append(streamId, version, events, metadata);
    return { streamId, streamVersion: result.streamVersion, eventIds: result.events.map((e) => e.eventId) };
  }
}
