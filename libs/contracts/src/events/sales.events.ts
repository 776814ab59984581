import { Money, moneyProblems, toCents } from '../money';
import { isRecord, Problems, requireNullableString, requireOneOf, requireString, VIN_PATTERN } from '../validation';
import { EventDefinition } from '../event-definition';

export const VEHICLE_CONDITIONS = ['new', 'used'] as const;
export type VehicleCondition = (typeof VEHICLE_CONDITIONS)[number];

/**
 * A vehicle handed over to its buyer. Vehicles are recognised as revenue at delivery: the
 * invoice amounts (net of VAT) are the revenue, `cost` the cost of the vehicle sold. The
 * buyer's purchase tax (购置税) is not dealer revenue and is not carried here.
 */
export interface VehicleDeliveredV1 {
  readonly vehicleSaleId: string;
  readonly orderId: string | null;
  readonly vin: string;
  readonly model: string;
  readonly condition: VehicleCondition;
  readonly consultantId: string;
  readonly customerId: string | null;
  readonly invoice: Money;
  readonly cost: Money;
}

export const VehicleDelivered: EventDefinition<'VehicleDelivered', VehicleDeliveredV1> = {
  type: 'VehicleDelivered',
  schemaVersion: 1,
  context: 'sales',
  description: 'A sold vehicle was handed over to the buyer; revenue is recognised on its business date.',
  validate(payload: unknown): Problems {
    if (!isRecord(payload)) return ['payload must be an object'];
    const problems: Problems = [];
    requireString(payload, 'vehicleSaleId', problems);
    requireNullableString(payload, 'orderId', problems);
    if (typeof payload.vin !== 'string' || !VIN_PATTERN.test(payload.vin)) {
      problems.push('vin must be 17 characters, digits and capitals without I, O or Q');
    }
    requireString(payload, 'model', problems);
    requireOneOf(payload, 'condition', VEHICLE_CONDITIONS, problems);
    requireString(payload, 'consultantId', problems);
    requireNullableString(payload, 'customerId', problems);
    problems.push(...moneyProblems(payload.invoice, 'invoice'), ...moneyProblems(payload.cost, 'cost'));
    if (problems.length === 0) {
      const invoice = payload.invoice as Money;
      const cost = payload.cost as Money;
      if (toCents(invoice.net) < 0n) problems.push('invoice.net must not be negative');
      if (toCents(cost.net) < 0n) problems.push('cost.net must not be negative');
      if (invoice.currency !== cost.currency) problems.push('cost.currency must equal invoice.currency');
    }
    return problems;
  },
};
