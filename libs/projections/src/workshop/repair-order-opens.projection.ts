import { DomainEvent } from '@app/contracts';
import { factHead, FactHead } from '../fact-row';
import { Projection, ProjectionContext } from '../projection';
import { isServiceKpiJobType, ServiceSegment, serviceSegment } from './service-segment';

export const FACT_SERVICE_REPAIR_ORDER_OPENS = 'fact_service_repair_order_opens';

export interface RepairOrderOpenFactRow extends FactHead {
  readonly repair_order_id: string;
  readonly intake_visit_id: string;
  readonly advisor_id: string;
  readonly job_type: string;
  readonly payer: string;
  readonly segment: ServiceSegment;
  readonly kpi_included: 0 | 1;
  /** The appointment the visit was booked under; null for a walk-in without one. */
  readonly appointment_id: string | null;
  readonly customer_id: string | null;
  /** The vehicle's model ('' when the event names none: every v1 event; as a lead's model of interest). */
  readonly model: string;
  readonly global_position: string;
}

/** A repair order opened at intake, on the opening's business date (the base of the appointment share; the RO's model and opening date for the model and brand dimensions). */
export const repairOrderOpensProjection: Projection<RepairOrderOpenFactRow> = {
  table: FACT_SERVICE_REPAIR_ORDER_OPENS,
  project(event: DomainEvent, context: ProjectionContext): RepairOrderOpenFactRow[] {
    if (event.type !== 'RepairOrderOpened') return [];
    const p = event.payload;
    return [
      {
        ...factHead(event, context),
        repair_order_id: p.repairOrderId,
        intake_visit_id: p.intakeVisitId,
        advisor_id: p.advisorId,
        job_type: p.jobType,
        payer: p.payer,
        segment: serviceSegment(p.jobType, p.payer),
        kpi_included: isServiceKpiJobType(p.jobType) ? 1 : 0,
        appointment_id: p.appointmentId,
        customer_id: p.customerId,
        model: p.model ?? '',
        global_position: event.globalPosition,
      },
    ];
  },
};
