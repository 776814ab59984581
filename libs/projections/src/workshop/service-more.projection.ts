import { DomainEvent } from '@app/contracts';
import { clickHouseInstant, factHead, FactHead } from '../fact-row';
import { Projection, ProjectionContext } from '../projection';

export const FACT_SERVICE_LABOUR_LINES = 'fact_service_labour_lines';
export const FACT_WARRANTY_DECISIONS = 'fact_warranty_decisions';
export const FACT_COMPLAINTS = 'fact_complaints';

export interface ServiceLabourLineFactRow extends FactHead {
  readonly repair_order_id: string;
  readonly line_id: string;
  readonly corrects_line_id: string | null;
  readonly category: string;
  readonly technician_id: string;
  readonly payer: string;
  readonly sold_hours: string;
  readonly clocked_hours: string;
  readonly currency: string;
  readonly amount_net: string;
  readonly global_position: string;
}

export interface WarrantyDecisionFactRow extends FactHead {
  readonly warranty_claim_id: string;
  readonly repair_order_id: string;
  readonly decision: string;
  readonly approved_or_partial: 0 | 1;
  readonly currency: string;
  readonly claimed_net: string;
  readonly approved_net: string;
  readonly global_position: string;
}

export interface ComplaintFactRow extends FactHead {
  readonly event_type: 'ComplaintLogged' | 'ComplaintResolved';
  readonly complaint_id: string;
  readonly kind: string;
  readonly channel: string;
  readonly logged_at: string;
  /** occurredAt − loggedAt of a resolution in milliseconds; 0 on a logged row. */
  readonly resolution_ms: string;
  readonly currency: string;
  readonly compensation_net: string;
  readonly global_position: string;
}

/**
 * A labour line, on its posting date. It is not revenue yet: the technician-efficiency query
 * attributes it to the RO's closes (lines posted before a close) and their reopen reversals.
 */
export const serviceLabourLinesProjection: Projection<ServiceLabourLineFactRow> = {
  table: FACT_SERVICE_LABOUR_LINES,
  project(event: DomainEvent, context: ProjectionContext): ServiceLabourLineFactRow[] {
    if (event.type !== 'LabourLinePosted') return [];
    const p = event.payload;
    return [
      {
        ...factHead(event, context),
        repair_order_id: p.repairOrderId,
        line_id: p.lineId,
        corrects_line_id: p.correctsLineId,
        category: p.category,
        technician_id: p.technicianId,
        payer: p.payer,
        sold_hours: p.soldHours,
        clocked_hours: p.clockedHours,
        currency: p.amount.currency,
        amount_net: p.amount.net,
        global_position: event.globalPosition,
      },
    ];
  },
};

/** A warranty claim decision, on the decision's business date. */
export const warrantyDecisionsProjection: Projection<WarrantyDecisionFactRow> = {
  table: FACT_WARRANTY_DECISIONS,
  project(event: DomainEvent, context: ProjectionContext): WarrantyDecisionFactRow[] {
    if (event.type !== 'WarrantyClaimDecided') return [];
    const p = event.payload;
    return [
      {
        ...factHead(event, context),
        warranty_claim_id: p.warrantyClaimId,
        repair_order_id: p.repairOrderId,
        decision: p.decision,
        approved_or_partial: p.decision === 'rejected' ? 0 : 1,
        currency: p.claimed.currency,
        claimed_net: p.claimed.net,
        approved_net: p.approved.net,
        global_position: event.globalPosition,
      },
    ];
  },
};

/** Complaints: one row when logged (logging date), one when resolved (resolution date, with the time it took). */
export const complaintsProjection: Projection<ComplaintFactRow> = {
  table: FACT_COMPLAINTS,
  project(event: DomainEvent, context: ProjectionContext): ComplaintFactRow[] {
    switch (event.type) {
      case 'ComplaintLogged': {
        const p = event.payload;
        return [
          {
            ...factHead(event, context),
            event_type: event.type,
            complaint_id: p.complaintId,
            kind: p.kind,
            channel: p.channel,
            logged_at: clickHouseInstant(event.occurredAt),
            resolution_ms: '0',
            currency: '',
            compensation_net: '0.00',
            global_position: event.globalPosition,
          },
        ];
      }
      case 'ComplaintResolved': {
        const p = event.payload;
        return [
          {
            ...factHead(event, context),
            event_type: event.type,
            complaint_id: p.complaintId,
            kind: p.kind,
            channel: '',
            logged_at: clickHouseInstant(p.loggedAt),
            resolution_ms: String(Date.parse(event.occurredAt) - Date.parse(p.loggedAt)),
            currency: p.compensation?.currency ?? '',
            compensation_net: p.compensation?.net ?? '0.00',
            global_position: event.globalPosition,
          },
        ];
      }
      default:
        return [];
    }
  },
};
