import { FactHead, factHead, negateAmount } from '../fact-row';
import { Projection } from '../projection';

export const FACT_SALES_LEADS = 'fact_sales_leads';
export const FACT_SALES_TEST_DRIVES = 'fact_sales_test_drives';
export const FACT_SALES_ORDERS = 'fact_sales_orders';
export const FACT_SALES_COLLECTIONS = 'fact_sales_collections';
export const FACT_SALES_ACTIVITIES = 'fact_sales_activities';
export const DIM_SALE_ORDERS = 'dim_sale_orders';

type SalesFactHead = FactHead;
const head = factHead;
const negate = negateAmount;

export interface SalesLeadFactRow extends SalesFactHead {
  readonly lead_id: string;
  readonly source: string;
  readonly segment: string;
  readonly consultant_id: string;
  readonly model_of_interest: string;
  /** The customer who referred a referral lead (LeadCreated v2); null when not recorded (migration 0016). */
  readonly referrer_customer_id: string | null;
  readonly global_position: string;
}

/** One row per LeadCreated on its business date: leads by source and segment. */
export const salesLeadsProjection: Projection<SalesLeadFactRow> = {
  table: FACT_SALES_LEADS,
  project(event, context) {
    if (event.type !== 'LeadCreated') return [];
    const p = event.payload;
    return [
      {
        ...head(event, context),
        lead_id: p.leadId,
        source: p.source,
        segment: p.segment,
        consultant_id: p.consultantId,
        model_of_interest: p.modelOfInterest ?? '',
        referrer_customer_id: p.referrerCustomerId ?? null,
        global_position: event.globalPosition,
      },
    ];
  },
};

export interface SalesTestDriveFactRow extends SalesFactHead {
  readonly lead_id: string;
  readonly model: string;
  readonly consultant_id: string;
  readonly global_position: string;
}

/** One row per TestDriveCompleted on its business date. */
export const salesTestDrivesProjection: Projection<SalesTestDriveFactRow> = {
  table: FACT_SALES_TEST_DRIVES,
  project(event, context) {
    if (event.type !== 'TestDriveCompleted') return [];
    const p = event.payload;
    return [{ ...head(event, context), lead_id: p.leadId, model: p.model, consultant_id: p.consultantId, global_position: event.globalPosition }];
  },
};

export interface SalesOrderFactRow extends SalesFactHead {
  readonly event_type: 'OrderSigned' | 'OrderCancelled';
  readonly vehicle_sale_id: string;
  readonly order_id: string;
  readonly lead_id: string | null;
  readonly model: string;
  readonly vehicle_condition: string;
  readonly finance: string;
  readonly consultant_id: string;
  readonly currency: string;
  /** The list price net of tax of a signed order; null on a cancellation (migration 0014). */
  readonly list_price_net: string | null;
  readonly transaction_price_net: string;
  readonly orders_signed: 0 | 1;
  readonly orders_cancelled: 0 | 1;
  readonly cancel_reason: string;
  readonly global_position: string;
}

/**
 * Order movements, each on its own business date: a signed order (orders_signed = 1) and a
 * cancellation (orders_cancelled = 1). The signed order stays counted in its month; a
 * cancellation is a figure of its own. Orders are never revenue.
 */
export const salesOrdersProjection: Projection<SalesOrderFactRow> = {
  table: FACT_SALES_ORDERS,
  project(event, context) {
    switch (event.type) {
      case 'OrderSigned': {
        const p = event.payload;
        return [
          {
            ...head(event, context),
            event_type: 'OrderSigned',
            vehicle_sale_id: p.vehicleSaleId,
            order_id: p.orderId,
            lead_id: p.leadId,
            model: p.model,
            vehicle_condition: p.condition,
            finance: p.finance,
            consultant_id: p.consultantId,
            currency: p.transactionPrice.currency,
            list_price_net: p.listPrice.net,
            transaction_price_net: p.transactionPrice.net,
            orders_signed: 1,
            orders_cancelled: 0,
            cancel_reason: '',
            global_position: event.globalPosition,
          },
        ];
      }
      case 'OrderCancelled': {
        const p = event.payload;
        return [
          {
            ...head(event, context),
            event_type: 'OrderCancelled',
            vehicle_sale_id: p.vehicleSaleId,
            order_id: p.orderId,
            lead_id: null,
            model: '',
            vehicle_condition: '',
            finance: '',
            consultant_id: '',
            currency: '',
            list_price_net: null,
            transaction_price_net: '0.00',
            orders_signed: 0,
            orders_cancelled: 1,
            cancel_reason: p.reason,
            global_position: event.globalPosition,
          },
        ];
      }
      default:
        return [];
    }
  },
};

/** A vehicle sale's order signing: the sales dimensions' join reads the latest per sale (migration 0028). */
export interface SaleOrderRow {
  readonly branch_id: string;
  readonly vehicle_sale_id: string;
  readonly order_id: string;
  readonly consultant_id: string;
  readonly finance: string;
  readonly lead_id: string;
  readonly model: string;
  readonly signed_on: string;
  readonly event_id: string;
  readonly global_position: string;
}

/**
 * The order each vehicle sale fulfils, kept by sale: one row per OrderSigned, the latest (highest
 * position) wins on read (FINAL). What a delivery, return, payment or sales survey is broken down by
 * (consultant, finance, lead, model and brand as of the signing).
 */
export const saleOrdersProjection: Projection<SaleOrderRow> = {
  table: DIM_SALE_ORDERS,
  project(event, context) {
    if (event.type !== 'OrderSigned') return [];
    const p = event.payload;
    return [
      {
        branch_id: event.branchId,
        vehicle_sale_id: p.vehicleSaleId,
        order_id: p.orderId,
        consultant_id: p.consultantId,
        finance: p.finance,
        lead_id: p.leadId ?? '',
        model: p.model,
        signed_on: head(event, context).business_date,
        event_id: event.eventId,
        global_position: event.globalPosition,
      },
    ];
  },
};

export interface SalesCollectionFactRow extends SalesFactHead {
  readonly vehicle_sale_id: string;
  readonly order_id: string | null;
  readonly kind: string;
  readonly currency: string;
  readonly amount_net: string;
  readonly amount_tax: string;
  readonly amount_gross: string;
  readonly global_position: string;
}

/** Collections (回款): a payment in is positive, a refund negative, on the payment's business date. Never revenue. */
export const salesCollectionsProjection: Projection<SalesCollectionFactRow> = {
  table: FACT_SALES_COLLECTIONS,
  project(event, context) {
    if (event.type !== 'PaymentReceived') return [];
    const p = event.payload;
    const sign = p.kind === 'refund' ? negate : (amount: string) => amount;
    return [
      {
        ...head(event, context),
        vehicle_sale_id: p.vehicleSaleId,
        order_id: p.orderId,
        kind: p.kind,
        currency: p.amount.currency,
        amount_net: sign(p.amount.net),
        amount_tax: sign(p.amount.tax),
        amount_gross: sign(p.amount.gross),
        global_position: event.globalPosition,
      },
    ];
  },
};

/**
 * The sales facts beside fact_vehicle_sales (whose projection, vehicleSalesProjection, the
 * projector already runs): leads, test drives, order movements and collections.
 */
export interface SalesActivityFactRow extends SalesFactHead {
  readonly activity_id: string;
  readonly consultant_id: string;
  readonly kind: 'call' | 'visit';
  readonly lead_id: string;
  readonly customer_id: string;
  readonly global_position: string;
}

/**
 * One row per SalesActivityLogged on its business date (migration 0022): the calls and visits of
 * sales activity against quota. The note stays in the event store (free text, no figure).
 */
export const salesActivitiesProjection: Projection<SalesActivityFactRow> = {
  table: FACT_SALES_ACTIVITIES,
  project(event, context) {
    if (event.type !== 'SalesActivityLogged') return [];
    const p = event.payload;
    return [
      {
        ...head(event, context),
        activity_id: p.activityId,
        consultant_id: p.consultantId,
        kind: p.kind,
        lead_id: p.leadId ?? '',
        customer_id: p.customerId ?? '',
        global_position: event.globalPosition,
      },
    ];
  },
};

export const SALES_PROJECTIONS: readonly Projection[] = [
  salesLeadsProjection,
  salesTestDrivesProjection,
  salesOrdersProjection,
  saleOrdersProjection,
  salesCollectionsProjection,
  salesActivitiesProjection,
];
