import { DomainEvent } from '@app/contracts';
import { clickHouseInstant, negateAmount } from './fact-row';

export { clickHouseInstant } from './fact-row';
import { businessDate } from './business-date';
import { Projection, ProjectionContext } from './projection';

export const FACT_VEHICLE_SALES = 'fact_vehicle_sales';

export type VehicleRevenueStream = 'new_vehicle' | 'used_vehicle';

export interface VehicleSaleFactRow {
  readonly event_id: string;
  readonly event_type: string;
  readonly branch_id: string;
  readonly business_date: string;
  readonly occurred_at: string;
  readonly vehicle_sale_id: string;
  readonly vin: string;
  readonly model: string;
  readonly revenue_stream: VehicleRevenueStream;
  readonly currency: string;
  readonly units: number;
  readonly revenue_net: string;
  readonly revenue_tax: string;
  readonly revenue_gross: string;
  readonly cost_net: string;
  /** The buyer of a delivery (null when the dealer system did not identify them); null on a return. */
  readonly customer_id: string | null;
  /** The customer's market area (the territory the row is credited to); '' when the event names none. */
  readonly customer_area: string;
  readonly global_position: string;
}

/**
 * Vehicles are revenue at delivery: one row per delivery at the delivery's business date. A
 * return (退车) is a negative row on the return's business date; the delivery month is not
 * rewritten.
 */
export const vehicleSalesProjection: Projection<VehicleSaleFactRow> = {
  table: FACT_VEHICLE_SALES,
  project(event: DomainEvent, { calendar }: ProjectionContext): VehicleSaleFactRow[] {
    switch (event.type) {
      case 'VehicleDelivered': {
        const p = event.payload;
        return [
          {
            event_id: event.eventId,
            event_type: event.type,
            branch_id: event.branchId,
            business_date: businessDate(event.occurredAt, calendar.entryFor(event.branchId)),
            occurred_at: clickHouseInstant(event.occurredAt),
            vehicle_sale_id: p.vehicleSaleId,
            vin: p.vin,
            model: p.model,
            revenue_stream: p.condition === 'new' ? 'new_vehicle' : 'used_vehicle',
            currency: p.invoice.currency,
            units: 1,
            revenue_net: p.invoice.net,
            revenue_tax: p.invoice.tax,
            revenue_gross: p.invoice.gross,
            cost_net: p.cost.net,
            customer_id: p.customerId,
            customer_area: p.customerArea ?? '',
            global_position: event.globalPosition,
          },
        ];
      }
      case 'VehicleReturned': {
        const p = event.payload;
        return [
          {
            event_id: event.eventId,
            event_type: event.type,
            branch_id: event.branchId,
            business_date: businessDate(event.occurredAt, calendar.entryFor(event.branchId)),
            occurred_at: clickHouseInstant(event.occurredAt),
            vehicle_sale_id: p.vehicleSaleId,
            vin: p.vin,
            model: p.model,
            revenue_stream: p.condition === 'new' ? 'new_vehicle' : 'used_vehicle',
            currency: p.invoiceReversed.currency,
            units: -1,
            revenue_net: negateAmount(p.invoiceReversed.net),
            revenue_tax: negateAmount(p.invoiceReversed.tax),
            revenue_gross: negateAmount(p.invoiceReversed.gross),
            cost_net: negateAmount(p.costReversed.net),
            customer_id: null,
            customer_area: p.customerArea ?? '',
            global_position: event.globalPosition,
          },
        ];
      }
      default:
        return [];
    }
  },
};
