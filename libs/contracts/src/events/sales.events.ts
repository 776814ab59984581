import { z } from 'zod';
import { defineEvent } from '../event-definition';
import { Id, NonNegativeMoney, Text, Vin } from '../schema';

export const VEHICLE_CONDITIONS = ['new', 'used'] as const;
export type VehicleCondition = (typeof VEHICLE_CONDITIONS)[number];

/**
 * A vehicle handed over to its buyer. Vehicles are recognised as revenue at delivery: the
 * invoice amounts (net of VAT) are the revenue, `cost` the cost of the vehicle sold. The
 * buyer's purchase tax (购置税) is not dealer revenue and is not carried here.
 */
export const VehicleDelivered = defineEvent({
  type: 'VehicleDelivered',
  schemaVersion: 1,
  context: 'sales',
  description: 'A sold vehicle was handed over to the buyer; its revenue is recognised on the business date of the delivery.',
  schema: z
    .strictObject({
      vehicleSaleId: Id,
      orderId: Id.nullable(),
      vin: Vin,
      model: Text,
      condition: z.enum(VEHICLE_CONDITIONS),
      consultantId: Id,
      customerId: Id.nullable(),
      invoice: NonNegativeMoney,
      cost: NonNegativeMoney,
    })
    .refine((p) => p.invoice.currency === p.cost.currency, {
      message: 'must be in the invoice currency',
      path: ['cost', 'currency'],
    }),
});
export type VehicleDeliveredV1 = z.infer<typeof VehicleDelivered.schema>;

/** The current version of every sales event. */
export const SALES_EVENTS = [VehicleDelivered] as const;
