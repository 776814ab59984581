import {
  amountOf,
  CsiAnswerV1,
  DomainEvent,
  EventPayloads,
  EventType,
  formatAmount,
  GROUP_WIDE_BRANCH_ID,
  Money,
  parseEvent,
  RepairJobType,
  RepairOrderTotalsV1,
  RepairPayer,
  withTax,
} from '@app/contracts';
import { randomUUID } from 'node:crypto';

let position = 10_000;

/** A stored, schema-checked event, as the projector receives it. */
export function envelope<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  options: { branchId?: string; occurredAt?: string; streamId?: string; schemaVersion?: number } = {},
): DomainEvent {
  position += 1;
  const occurredAt = options.occurredAt ?? '2026-01-02T01:00:00.000Z';
  const parsed = parseEvent({
    eventId: randomUUID(),
    type,
    schemaVersion: options.schemaVersion ?? 1,
    streamId: options.streamId ?? `test-${position}`,
    streamPosition: 1,
    globalPosition: String(position),
    occurredAt,
    recordedAt: occurredAt,
    branchId: options.branchId ?? GROUP_WIDE_BRANCH_ID,
    actor: { kind: 'user', id: 'sa-1' },
    correlationId: 'c-1',
    causationId: null,
    payload,
  });
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.event;
}

/** CNY money with 13 % VAT on top of the net. */
export function cny(net: string): Money {
  return withTax('CNY', amountOf(net), '0.13');
}

/** Local wall-clock time in Shanghai (UTC+8) as a UTC instant: `at('2026-01-04', '10:00')`. */
export function shanghai(date: string, time = '10:00'): string {
  return new Date(Date.parse(`${date}T${time}:00.000+08:00`)).toISOString();
}

export interface TotalsInput {
  readonly mechanical?: string;
  readonly body?: string;
  readonly paint?: string;
  readonly parts?: string;
  readonly partsCost?: string;
  readonly sublet?: string;
  readonly soldHours?: string;
  readonly clockedHours?: string;
  readonly technicianIds?: readonly string[];
}

export function totals(t: TotalsInput): RepairOrderTotalsV1 {
  const c = (v: string | undefined) => amountOf(v ?? '0.00');
  const labour = c(t.mechanical).plus(c(t.body)).plus(c(t.paint));
  return {
    labour: cny(formatAmount(labour)),
    labourByCategory: { mechanical: cny(t.mechanical ?? '0.00'), body: cny(t.body ?? '0.00'), paint: cny(t.paint ?? '0.00') },
    parts: cny(t.parts ?? '0.00'),
    partsCost: cny(t.partsCost ?? '0.00'),
    sublet: cny(t.sublet ?? '0.00'),
    total: cny(formatAmount(labour.plus(c(t.parts)).plus(c(t.sublet)))),
    soldHours: t.soldHours ?? '0',
    clockedHours: t.clockedHours ?? '0',
    technicianIds: [...(t.technicianIds ?? ['T-1'])],
  };
}

export interface RepairOrderInput {
  readonly branchId: string;
  readonly repairOrderId: string;
  readonly intakeVisitId: string;
  readonly jobType: RepairJobType;
  readonly payer: RepairPayer;
  readonly openedAt: string;
  readonly closedAt: string;
  readonly totals: TotalsInput;
  readonly closeSequence?: number;
  readonly comebackOf?: string;
  readonly vin?: string;
}

const VIN = 'LSVAU2180N2183294';

/** An SH-01 repair order opened at 08:00 and closed at 17:00 (Shanghai) on `closedOn` (branch and more in `extra`). */
export function repairOrder(
  id: string,
  visit: string,
  jobType: RepairJobType,
  payer: RepairPayer,
  closedOn: string,
  totals: TotalsInput,
  extra: Partial<RepairOrderInput> = {},
): RepairOrderInput {
  return {
    branchId: 'SH-01',
    repairOrderId: id,
    intakeVisitId: visit,
    jobType,
    payer,
    openedAt: shanghai(closedOn, '08:00'),
    closedAt: shanghai(closedOn, '17:00'),
    totals,
    ...extra,
  };
}

/** The RO's opening at `ro.openedAt`: v2 naming the vehicle's `model`, v1 (no model) when none is given. */
export function opened(ro: RepairOrderInput, model?: string, advisorId = 'SA-1'): DomainEvent {
  return envelope(
    'RepairOrderOpened',
    {
      repairOrderId: ro.repairOrderId,
      intakeVisitId: ro.intakeVisitId,
      vin: ro.vin ?? VIN,
      mileageKm: 10_000,
      advisorId,
      jobType: ro.jobType,
      payer: ro.payer,
      appointmentId: null,
      customerId: null,
      complaint: null,
      ...(model === undefined ? {} : { model }),
    },
    { branchId: ro.branchId, occurredAt: ro.openedAt, streamId: `repair-order-${ro.repairOrderId}`, schemaVersion: model === undefined ? 1 : 2 },
  );
}

export function closed(ro: RepairOrderInput): DomainEvent {
  return envelope(
    'RepairOrderClosed',
    {
      repairOrderId: ro.repairOrderId,
      intakeVisitId: ro.intakeVisitId,
      vin: ro.vin ?? VIN,
      jobType: ro.jobType,
      advisorId: 'SA-1',
      payer: ro.payer,
      closeSequence: ro.closeSequence ?? 1,
      openedAt: ro.openedAt,
      totals: totals(ro.totals),
      comebackOfRepairOrderId: ro.comebackOf ?? null,
    },
    { branchId: ro.branchId, occurredAt: ro.closedAt, streamId: `repair-order-${ro.repairOrderId}` },
  );
}

export function reopened(ro: RepairOrderInput, reopenedAt: string): DomainEvent {
  return envelope(
    'RepairOrderReopened',
    {
      repairOrderId: ro.repairOrderId,
      intakeVisitId: ro.intakeVisitId,
      vin: ro.vin ?? VIN,
      jobType: ro.jobType,
      advisorId: 'SA-1',
      payer: ro.payer,
      reason: 'customer reported the noise again',
      reversedCloseSequence: ro.closeSequence ?? 1,
      reversedClosedAt: ro.closedAt,
      reversedTotals: totals(ro.totals),
    },
    { branchId: ro.branchId, occurredAt: reopenedAt, streamId: `repair-order-${ro.repairOrderId}` },
  );
}

export function comeback(newRo: { branchId: string; repairOrderId: string; openedAt: string; registeredAt?: string }, original: RepairOrderInput): DomainEvent {
  return envelope(
    'ComebackRegistered',
    {
      repairOrderId: newRo.repairOrderId,
      openedAt: newRo.openedAt,
      vin: original.vin ?? VIN,
      faultDescription: 'noise from the front axle',
      originalRepairOrderId: original.repairOrderId,
      originalBranchId: original.branchId,
      originalClosedAt: original.closedAt,
      originalJobType: original.jobType,
      originalTechnicianIds: [...(original.totals.technicianIds ?? ['T-1'])],
    },
    { branchId: newRo.branchId, occurredAt: newRo.registeredAt ?? newRo.openedAt, streamId: `repair-order-${newRo.repairOrderId}` },
  );
}

export type Answer = Pick<CsiAnswerV1, 'questionId' | 'answer' | 'min' | 'max' | 'weight' | 'overall'>;

export function serviceSurvey(
  surveyId: string,
  ro: RepairOrderInput,
  answeredAt: string,
  answers: readonly Answer[],
  source: 'internal_call' | 'oem_survey' | 'mystery_shop' = 'internal_call',
): DomainEvent {
  return envelope(
    'CsiSurveyResponded',
    {
      surveyId,
      source,
      kind: 'service',
      repairOrderId: ro.repairOrderId,
      vehicleSaleId: null,
      referencedAt: ro.closedAt,
      customerId: null,
      answers: answers.map((a) => ({ ...a })),
    },
    { branchId: ro.branchId, occurredAt: answeredAt, streamId: `csi-survey-${surveyId}` },
  );
}

/** A labour line posted to an open RO (positions increase in call order: post lines before the close). */
export function labourLine(
  ro: RepairOrderInput,
  line: {
    lineId: string;
    technicianId: string;
    soldHours: string;
    clockedHours: string;
    net: string;
    postedAt: string;
    category?: 'mechanical' | 'body' | 'paint';
    correctsLineId?: string;
  },
): DomainEvent {
  return envelope(
    'LabourLinePosted',
    {
      repairOrderId: ro.repairOrderId,
      lineId: line.lineId,
      correctsLineId: line.correctsLineId ?? null,
      category: line.category ?? 'mechanical',
      operation: null,
      soldHours: line.soldHours,
      clockedHours: line.clockedHours,
      rate: '200.00',
      technicianId: line.technicianId,
      payer: ro.payer,
      amount: cny(line.net),
    },
    { branchId: ro.branchId, occurredAt: line.postedAt, streamId: `repair-order-${ro.repairOrderId}` },
  );
}

export function warrantyDecided(branchId: string, claimId: string, decision: 'approved' | 'partially_approved' | 'rejected', decidedAt: string): DomainEvent {
  const approved = decision === 'approved' ? '1000.00' : decision === 'partially_approved' ? '600.00' : '0.00';
  return envelope(
    'WarrantyClaimDecided',
    {
      warrantyClaimId: claimId,
      repairOrderId: `RO-${claimId}`,
      decision,
      claimed: cny('1000.00'),
      approved: cny(approved),
      reason: decision === 'approved' ? null : 'labour time over the standard',
    },
    { branchId, occurredAt: decidedAt, streamId: `warranty-claim-${claimId}` },
  );
}

export function complaintLogged(branchId: string, complaintId: string, kind: 'service' | 'sales', loggedAt: string): DomainEvent {
  return envelope(
    'ComplaintLogged',
    { complaintId, kind, channel: 'phone', repairOrderId: null, vehicleSaleId: null, customerId: null, description: 'waited too long' },
    { branchId, occurredAt: loggedAt, streamId: `complaint-${complaintId}` },
  );
}

export function complaintResolved(branchId: string, complaintId: string, kind: 'service' | 'sales', loggedAt: string, resolvedAt: string): DomainEvent {
  return envelope(
    'ComplaintResolved',
    { complaintId, kind, loggedAt, resolution: 'apologised and refunded the wash', compensation: null },
    { branchId, occurredAt: resolvedAt, streamId: `complaint-${complaintId}` },
  );
}

export function vehicleDelivered(branchId: string, vehicleSaleId: string, deliveredAt: string): DomainEvent {
  return envelope(
    'VehicleDelivered',
    {
      vehicleSaleId,
      orderId: null,
      vin: VIN,
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      customerId: null,
      invoice: cny('100000.00'),
      cost: cny('90000.00'),
    },
    { branchId, occurredAt: deliveredAt, streamId: `vehicle-sale-${vehicleSaleId}` },
  );
}

export function vehicleReturned(branchId: string, delivery: DomainEvent, returnedAt: string): DomainEvent {
  if (delivery.type !== 'VehicleDelivered') throw new Error('not a delivery');
  const p = delivery.payload;
  return envelope(
    'VehicleReturned',
    {
      vehicleSaleId: p.vehicleSaleId,
      deliveryEventId: delivery.eventId,
      orderId: null,
      vin: p.vin,
      model: p.model,
      condition: p.condition,
      consultantId: p.consultantId,
      reason: 'defect',
      invoiceReversed: p.invoice,
      costReversed: p.cost,
    },
    { branchId, occurredAt: returnedAt, streamId: `vehicle-sale-${p.vehicleSaleId}` },
  );
}

export function salesSurvey(
  surveyId: string,
  branchId: string,
  vehicleSaleId: string,
  deliveredAt: string,
  answeredAt: string,
  answers: readonly Answer[],
): DomainEvent {
  return envelope(
    'CsiSurveyResponded',
    {
      surveyId,
      source: 'oem_survey',
      kind: 'sales',
      repairOrderId: null,
      vehicleSaleId,
      referencedAt: deliveredAt,
      customerId: null,
      answers: answers.map((a) => ({ ...a })),
    },
    { branchId, occurredAt: answeredAt, streamId: `csi-survey-${surveyId}` },
  );
}
