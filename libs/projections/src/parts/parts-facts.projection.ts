import { FactHead, factHead, negateAmount } from '../fact-row';
import { Projection } from '../projection';

export const FACT_PARTS_SALES = 'fact_parts_sales';
export const FACT_PARTS_PURCHASES = 'fact_parts_purchases';
export const FACT_ACCESSORY_SALES = 'fact_accessory_sales';
export const FACT_PARTS_STOCK_SNAPSHOTS = 'fact_parts_stock_snapshots';
export const FACT_PARTS_TRANSFERS = 'fact_parts_transfers';
export const FACT_PARTS_REQUESTS = 'fact_parts_requests';

type PartsFactHead = FactHead;
const head = factHead;
const negate = negateAmount;
/** A positive quantity string (schema-checked: up to three fraction digits) made negative. */
const negateQuantity = (quantity: string) => (/[1-9]/.test(quantity) ? `-${quantity}` : quantity);

export interface PartsSaleFactRow extends PartsFactHead {
  readonly line_no: number;
  readonly event_type: 'PartsSold' | 'PartsReturned';
  readonly document_id: string;
  readonly original_document_id: string;
  readonly customer_type: string;
  readonly part_number: string;
  readonly genuine: boolean;
  readonly currency: string;
  readonly quantity: string;
  readonly revenue_net: string;
  readonly revenue_tax: string;
  readonly revenue_gross: string;
  readonly cost_net: string;
  readonly global_position: string;
}

/**
 * Parts counter revenue, one row per line: a sale positive on its business date, a customer
 * return negative on the return's own business date (the sale's month is not rewritten). A
 * return carries no customer type ('' here): queries take it from the original sale.
 */
export const partsSalesProjection: Projection<PartsSaleFactRow> = {
  table: FACT_PARTS_SALES,
  project(event, context) {
    switch (event.type) {
      case 'PartsSold': {
        const p = event.payload;
        const h = head(event, context);
        return p.lines.map((line, index) => ({
          ...h,
          line_no: index,
          event_type: 'PartsSold' as const,
          document_id: p.saleId,
          original_document_id: '',
          customer_type: p.customerType,
          part_number: line.partNumber,
          genuine: line.genuine,
          currency: line.amount.currency,
          quantity: line.quantity,
          revenue_net: line.amount.net,
          revenue_tax: line.amount.tax,
          revenue_gross: line.amount.gross,
          cost_net: line.cost.net,
          global_position: event.globalPosition,
        }));
      }
      case 'PartsReturned': {
        const p = event.payload;
        if (p.direction !== 'from_customer') return [];
        const h = head(event, context);
        return p.lines.map((line, index) => ({
          ...h,
          line_no: index,
          event_type: 'PartsReturned' as const,
          document_id: p.returnId,
          original_document_id: p.originalDocumentId,
          customer_type: '',
          part_number: line.partNumber,
          genuine: line.genuine,
          currency: line.amount.currency,
          quantity: negateQuantity(line.quantity),
          revenue_net: negate(line.amount.net),
          revenue_tax: negate(line.amount.tax),
          revenue_gross: negate(line.amount.gross),
          cost_net: negate(line.cost.net),
          global_position: event.globalPosition,
        }));
      }
      default:
        return [];
    }
  },
};

export interface PartsPurchaseFactRow extends PartsFactHead {
  readonly line_no: number;
  readonly event_type: 'PartsReceived' | 'PartsReturned';
  readonly document_id: string;
  readonly original_document_id: string;
  readonly supplier_id: string;
  readonly part_number: string;
  readonly genuine: boolean;
  readonly currency: string;
  readonly quantity: string;
  readonly cost_net: string;
  readonly cost_tax: string;
  readonly cost_gross: string;
  readonly global_position: string;
}

/**
 * Purchases at cost: a goods receipt positive on its business date; a return to the supplier
 * negative (the cost the supplier credits) on the return's own business date.
 */
export const partsPurchasesProjection: Projection<PartsPurchaseFactRow> = {
  table: FACT_PARTS_PURCHASES,
  project(event, context) {
    switch (event.type) {
      case 'PartsReceived': {
        const p = event.payload;
        return [
          {
            ...head(event, context),
            line_no: 0,
            event_type: 'PartsReceived',
            document_id: p.receiptId,
            original_document_id: '',
            supplier_id: p.supplierId,
            part_number: p.partNumber,
            genuine: p.genuine,
            currency: p.cost.currency,
            quantity: p.quantity,
            cost_net: p.cost.net,
            cost_tax: p.cost.tax,
            cost_gross: p.cost.gross,
            global_position: event.globalPosition,
          },
        ];
      }
      case 'PartsReturned': {
        const p = event.payload;
        if (p.direction !== 'to_supplier') return [];
        const h = head(event, context);
        return p.lines.map((line, index) => ({
          ...h,
          line_no: index,
          event_type: 'PartsReturned' as const,
          document_id: p.returnId,
          original_document_id: p.originalDocumentId,
          supplier_id: '',
          part_number: line.partNumber,
          genuine: line.genuine,
          currency: line.amount.currency,
          quantity: negateQuantity(line.quantity),
          cost_net: negate(line.amount.net),
          cost_tax: negate(line.amount.tax),
          cost_gross: negate(line.amount.gross),
          global_position: event.globalPosition,
        }));
      }
      default:
        return [];
    }
  },
};

export interface AccessorySaleFactRow extends PartsFactHead {
  readonly accessory_sale_id: string;
  readonly accessory_code: string;
  readonly vehicle_sale_id: string | null;
  readonly currency: string;
  readonly quantity: string;
  readonly revenue_net: string;
  readonly revenue_tax: string;
  readonly revenue_gross: string;
  readonly cost_net: string;
  readonly global_position: string;
}

/** Accessory revenue, one row per AccessorySold on its business date. */
export const accessorySalesProjection: Projection<AccessorySaleFactRow> = {
  table: FACT_ACCESSORY_SALES,
  project(event, context) {
    if (event.type !== 'AccessorySold') return [];
    const p = event.payload;
    return [
      {
        ...head(event, context),
        accessory_sale_id: p.accessorySaleId,
        accessory_code: p.accessoryCode,
        vehicle_sale_id: p.vehicleSaleId,
        currency: p.amount.currency,
        quantity: p.quantity,
        revenue_net: p.amount.net,
        revenue_tax: p.amount.tax,
        revenue_gross: p.amount.gross,
        cost_net: p.cost.net,
        global_position: event.globalPosition,
      },
    ];
  },
};

export interface StockSnapshotFactRow extends PartsFactHead {
  readonly snapshot_month: string;
  readonly currency: string;
  readonly part_count: number;
  readonly total_quantity: string;
  readonly total_value_net: string;
  readonly aged_0_90_net: string;
  readonly aged_91_180_net: string;
  readonly aged_181_365_net: string;
  readonly aged_over_365_net: string;
  readonly global_position: string;
}

/**
 * Month-end stock, a state: one row per branch and month (the month the snapshot names, not the
 * date it was recorded). A later snapshot of the same month replaces the earlier one.
 */
export const stockSnapshotsProjection: Projection<StockSnapshotFactRow> = {
  table: FACT_PARTS_STOCK_SNAPSHOTS,
  project(event, context) {
    if (event.type !== 'StockSnapshotTaken') return [];
    const p = event.payload;
    return [
      {
        ...head(event, context),
        snapshot_month: `${p.month}-01`,
        currency: p.totalValue.currency,
        part_count: p.partCount,
        total_quantity: p.totalQuantity,
        total_value_net: p.totalValue.net,
        aged_0_90_net: p.agedStock.days0To90.net,
        aged_91_180_net: p.agedStock.days91To180.net,
        aged_181_365_net: p.agedStock.days181To365.net,
        aged_over_365_net: p.agedStock.over365Days.net,
        global_position: event.globalPosition,
      },
    ];
  },
};

export interface PartsTransferFactRow extends PartsFactHead {
  readonly event_type: 'InterBranchTransferDispatched' | 'InterBranchTransferReceived';
  readonly direction: 'out' | 'in';
  readonly counterparty_branch_id: string;
  readonly transfer_id: string;
  readonly line_count: number;
  readonly currency: string;
  readonly value_net: string;
  readonly global_position: string;
}

/**
 * Inter-branch transfers at cost: 'out' on the sender, 'in' on the receiver. Not revenue; kept so
 * that consolidation can eliminate them.
 */
export const partsTransfersProjection: Projection<PartsTransferFactRow> = {
  table: FACT_PARTS_TRANSFERS,
  project(event, context) {
    if (event.type !== 'InterBranchTransferDispatched' && event.type !== 'InterBranchTransferReceived') return [];
    const p = event.payload;
    const out = event.type === 'InterBranchTransferDispatched';
    return [
      {
        ...head(event, context),
        event_type: event.type,
        direction: out ? 'out' : 'in',
        counterparty_branch_id: out ? p.toBranchId : p.fromBranchId,
        transfer_id: p.transferId,
        line_count: p.lines.length,
        currency: p.value.currency,
        value_net: p.value.net,
        global_position: event.globalPosition,
      },
    ];
  },
};

/** Every parts fact projection. */
export interface PartsRequestFactRow extends PartsFactHead {
  readonly line_no: number;
  readonly event_type: 'PartsSold' | 'PartsIssuedToRepairOrder' | 'PartsBackOrdered';
  readonly channel: 'counter' | 'workshop';
  /** The counter sale, the repair order or the back-order. */
  readonly document_id: string;
  /** The counter customer type; '' for a repair order's request. */
  readonly customer_type: string;
  readonly part_number: string;
  readonly genuine: boolean;
  readonly served_in_full: 0 | 1;
  readonly global_position: string;
}

/**
 * The parts fill rate's requests, one row per request line (migration 0021): a counter sale line or a
 * repair order's issue served from stock at once (served in full), or a back-order (a miss). A line
 * or issue that names a back-order is the late delivery of a request already counted, and a return
 * to stores (negative issue) is no request: neither has a row.
 */
export const partsRequestsProjection: Projection<PartsRequestFactRow> = {
  table: FACT_PARTS_REQUESTS,
  project(event, context) {
    // Only the three request events have a business date worth computing (org events have no branch calendar).
    const base = () => ({ ...head(event, context), global_position: event.globalPosition });
    switch (event.type) {
      case 'PartsSold': {
        const p = event.payload;
        if (p.lines.every((line) => line.backOrderId !== undefined)) return [];
        const h = base();
        return p.lines.flatMap((line, index) =>
          line.backOrderId === undefined
            ? [
                {
                  ...h,
                  line_no: index,
                  event_type: 'PartsSold' as const,
                  channel: 'counter' as const,
                  document_id: p.saleId,
                  customer_type: p.customerType,
                  part_number: line.partNumber,
                  genuine: line.genuine,
                  served_in_full: 1 as const,
                },
              ]
            : [],
        );
      }
      case 'PartsIssuedToRepairOrder': {
        const p = event.payload;
        if (p.backOrderId !== undefined || p.quantity.startsWith('-')) return [];
        return [
          {
            ...base(),
            line_no: 0,
            event_type: 'PartsIssuedToRepairOrder',
            channel: 'workshop',
            document_id: p.repairOrderId,
            customer_type: '',
            part_number: p.partNumber,
            genuine: p.genuine,
            served_in_full: 1,
          },
        ];
      }
      case 'PartsBackOrdered': {
        const p = event.payload;
        return [
          {
            ...base(),
            line_no: 0,
            event_type: 'PartsBackOrdered',
            channel: p.channel,
            document_id: p.channel === 'workshop' ? (p.repairOrderId ?? p.backOrderId) : p.backOrderId,
            customer_type: p.customerType ?? '',
            part_number: p.partNumber,
            genuine: p.genuine,
            served_in_full: 0,
          },
        ];
      }
      default:
        return [];
    }
  },
};

export const PARTS_PROJECTIONS: readonly Projection[] = [
  partsSalesProjection,
  partsRequestsProjection,
  partsPurchasesProjection,
  accessorySalesProjection,
  stockSnapshotsProjection,
  partsTransfersProjection,
];
