import { DomainEvent, negateAmount, RepairOrderTotalsV1 } from '@app/contracts';
import { businessDate } from '../business-date';
import { Projection, ProjectionContext } from '../projection';
import { clickHouseInstant } from '../vehicle-sales.projection';
import { csiResponseScore, isTopBox } from './csi-score';
import { isServiceKpiJobType, serviceSegment, ServiceSegment } from './service-segment';

export const FACT_SERVICE_REVENUE = 'fact_service_revenue';
export const FACT_SERVICE_COMEBACKS = 'fact_service_comebacks';
export const FACT_CSI_RESPONSES = 'fact_csi_responses';

export interface ServiceRevenueFactRow {
  readonly event_id: string;
  readonly event_type: 'RepairOrderClosed' | 'RepairOrderReopened';
  readonly branch_id: string;
  readonly business_date: string;
  readonly occurred_at: string;
  /** Business date of the close this row recognises (a close) or reverses (a reopen). */
  readonly close_business_date: string;
  readonly close_sequence: number;
  readonly sign: 1 | -1;
  readonly repair_order_id: string;
  readonly intake_visit_id: string;
  readonly vin: string;
  readonly job_type: string;
  readonly payer: string;
  readonly segment: ServiceSegment;
  readonly kpi_included: 0 | 1;
  readonly advisor_id: string;
  readonly technician_ids: readonly string[];
  readonly comeback_of_repair_order_id: string | null;
  readonly currency: string;
  readonly labour_net: string;
  readonly labour_tax: string;
  readonly labour_gross: string;
  readonly labour_mechanical_net: string;
  readonly labour_body_net: string;
  readonly labour_paint_net: string;
  readonly parts_net: string;
  readonly parts_tax: string;
  readonly parts_gross: string;
  readonly parts_cost_net: string;
  readonly sublet_net: string;
  readonly sublet_tax: string;
  readonly sublet_gross: string;
  readonly total_net: string;
  readonly total_tax: string;
  readonly total_gross: string;
  readonly sold_hours: string;
  readonly clocked_hours: string;
  readonly global_position: string;
}

export interface ServiceComebackFactRow {
  readonly event_id: string;
  readonly branch_id: string;
  readonly business_date: string;
  readonly original_repair_order_id: string;
  readonly original_closed_at: string;
  readonly original_job_type: string;
  readonly kpi_included: 0 | 1;
  readonly original_technician_ids: readonly string[];
  readonly comeback_branch_id: string;
  readonly comeback_repair_order_id: string;
  readonly comeback_opened_at: string;
  readonly comeback_opened_date: string;
  readonly days_after_close: number;
  readonly occurred_at: string;
  readonly global_position: string;
}

export interface CsiResponseFactRow {
  readonly event_id: string;
  readonly branch_id: string;
  readonly business_date: string;
  readonly referenced_at: string;
  readonly received_date: string;
  readonly occurred_at: string;
  readonly survey_id: string;
  readonly kind: string;
  readonly source: string;
  readonly repair_order_id: string | null;
  readonly vehicle_sale_id: string | null;
  readonly answer_count: number;
  readonly score: string;
  readonly overall_answer: string;
  readonly overall_min: string;
  readonly overall_max: string;
  readonly top_box: 0 | 1;
  readonly global_position: string;
}

const signed = (amount: string, sign: 1 | -1) => (sign === 1 ? amount : negateAmount(amount));

/** Hours (up to two fraction digits) with a sign, as a decimal string. */
function signedHours(hours: string, sign: 1 | -1): string {
  if (sign === 1 || /^0(\.0{1,2})?$/.test(hours)) return hours;
  return hours.startsWith('-') ? hours.slice(1) : `-${hours}`;
}

function totalsColumns(t: RepairOrderTotalsV1, sign: 1 | -1) {
  return {
    currency: t.total.currency,
    labour_net: signed(t.labour.net, sign),
    labour_tax: signed(t.labour.tax, sign),
    labour_gross: signed(t.labour.gross, sign),
    labour_mechanical_net: signed(t.labourByCategory.mechanical.net, sign),
    labour_body_net: signed(t.labourByCategory.body.net, sign),
    labour_paint_net: signed(t.labourByCategory.paint.net, sign),
    parts_net: signed(t.parts.net, sign),
    parts_tax: signed(t.parts.tax, sign),
    parts_gross: signed(t.parts.gross, sign),
    parts_cost_net: signed(t.partsCost.net, sign),
    sublet_net: signed(t.sublet.net, sign),
    sublet_tax: signed(t.sublet.tax, sign),
    sublet_gross: signed(t.sublet.gross, sign),
    total_net: signed(t.total.net, sign),
    total_tax: signed(t.total.tax, sign),
    total_gross: signed(t.total.gross, sign),
    sold_hours: signedHours(t.soldHours, sign),
    clocked_hours: signedHours(t.clockedHours, sign),
    technician_ids: [...t.technicianIds],
  };
}

/** Whole days from one `YYYY-MM-DD` date to another. */
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Service revenue is recognised when a repair order closes: one row with the totals at that close
 * on the close's business date. A reopening reverses the close it undoes (reversedTotals) on the
 * REOPEN's business date; the close's own period is never rewritten. Closing again recognises the
 * new totals on the new close date.
 */
export const serviceRevenueProjection: Projection<ServiceRevenueFactRow> = {
  table: FACT_SERVICE_REVENUE,
  project(event: DomainEvent, { calendar }: ProjectionContext): ServiceRevenueFactRow[] {
    switch (event.type) {
      case 'RepairOrderClosed': {
        const p = event.payload;
        const date = businessDate(event.occurredAt, calendar.entryFor(event.branchId));
        return [
          {
            event_id: event.eventId,
            event_type: event.type,
            branch_id: event.branchId,
            business_date: date,
            occurred_at: clickHouseInstant(event.occurredAt),
            close_business_date: date,
            close_sequence: p.closeSequence,
            sign: 1,
            repair_order_id: p.repairOrderId,
            intake_visit_id: p.intakeVisitId,
            vin: p.vin,
            job_type: p.jobType,
            payer: p.payer,
            segment: serviceSegment(p.jobType, p.payer),
            kpi_included: isServiceKpiJobType(p.jobType) ? 1 : 0,
            advisor_id: p.advisorId,
            comeback_of_repair_order_id: p.comebackOfRepairOrderId,
            ...totalsColumns(p.totals, 1),
            global_position: event.globalPosition,
          },
        ];
      }
      case 'RepairOrderReopened': {
        const p = event.payload;
        const entry = calendar.entryFor(event.branchId);
        return [
          {
            event_id: event.eventId,
            event_type: event.type,
            branch_id: event.branchId,
            business_date: businessDate(event.occurredAt, entry),
            occurred_at: clickHouseInstant(event.occurredAt),
            close_business_date: businessDate(p.reversedClosedAt, entry),
            close_sequence: p.reversedCloseSequence,
            sign: -1,
            repair_order_id: p.repairOrderId,
            intake_visit_id: p.intakeVisitId,
            vin: p.vin,
            job_type: p.jobType,
            payer: p.payer,
            segment: serviceSegment(p.jobType, p.payer),
            kpi_included: isServiceKpiJobType(p.jobType) ? 1 : 0,
            advisor_id: p.advisorId,
            comeback_of_repair_order_id: null,
            ...totalsColumns(p.reversedTotals, -1),
            global_position: event.globalPosition,
          },
        ];
      }
      default:
        return [];
    }
  },
};

/**
 * A comeback is charged to the ORIGINAL repair order: its branch, its technicians and the business
 * date of its (latest) close in that branch's calendar, whenever the comeback is registered.
 */
export const serviceComebacksProjection: Projection<ServiceComebackFactRow> = {
  table: FACT_SERVICE_COMEBACKS,
  otherBranches: (event) => (event.type === 'ComebackRegistered' ? [event.payload.originalBranchId] : []),
  project(event: DomainEvent, { calendar }: ProjectionContext): ServiceComebackFactRow[] {
    if (event.type !== 'ComebackRegistered') return [];
    const p = event.payload;
    const originalCloseDate = businessDate(p.originalClosedAt, calendar.entryFor(p.originalBranchId));
    const openedDate = businessDate(p.openedAt, calendar.entryFor(event.branchId));
    return [
      {
        event_id: event.eventId,
        branch_id: p.originalBranchId,
        business_date: originalCloseDate,
        original_repair_order_id: p.originalRepairOrderId,
        original_closed_at: clickHouseInstant(p.originalClosedAt),
        original_job_type: p.originalJobType,
        kpi_included: isServiceKpiJobType(p.originalJobType) ? 1 : 0,
        original_technician_ids: [...p.originalTechnicianIds],
        comeback_branch_id: event.branchId,
        comeback_repair_order_id: p.repairOrderId,
        comeback_opened_at: clickHouseInstant(p.openedAt),
        comeback_opened_date: openedDate,
        days_after_close: daysBetween(originalCloseDate, openedDate),
        occurred_at: clickHouseInstant(event.occurredAt),
        global_position: event.globalPosition,
      },
    ];
  },
};

/**
 * A CSI response lands in the period of the event it refers to (referencedAt: the RO close or the
 * delivery), whenever it arrives, with its score (weighted mean of normalised answers) and whether
 * its overall answer is the top of its scale.
 */
export const csiResponsesProjection: Projection<CsiResponseFactRow> = {
  table: FACT_CSI_RESPONSES,
  project(event: DomainEvent, { calendar }: ProjectionContext): CsiResponseFactRow[] {
    if (event.type !== 'CsiSurveyResponded') return [];
    const p = event.payload;
    const entry = calendar.entryFor(event.branchId);
    const overall = p.answers.find((a) => a.overall);
    if (!overall) throw new RangeError(`survey ${p.surveyId} has no overall answer`);
    return [
      {
        event_id: event.eventId,
        branch_id: event.branchId,
        business_date: businessDate(p.referencedAt, entry),
        referenced_at: clickHouseInstant(p.referencedAt),
        received_date: businessDate(event.occurredAt, entry),
        occurred_at: clickHouseInstant(event.occurredAt),
        survey_id: p.surveyId,
        kind: p.kind,
        source: p.source,
        repair_order_id: p.repairOrderId,
        vehicle_sale_id: p.vehicleSaleId,
        answer_count: p.answers.length,
        score: csiResponseScore(p.answers),
        overall_answer: overall.answer,
        overall_min: overall.min,
        overall_max: overall.max,
        top_box: isTopBox(overall) ? 1 : 0,
        global_position: event.globalPosition,
      },
    ];
  },
};
