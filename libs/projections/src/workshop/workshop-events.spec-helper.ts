import {
  CsiAnswerV1,
  DomainEvent,
  EventPayloads,
  EventType,
  fromCents,
  GROUP_WIDE_BRANCH_ID,
  Money,
  parseEvent,
  RepairJobType,
  RepairOrderTotalsV1,
  RepairPayer,
  toCents,
} from '@app/contracts';
import { randomUUID } from 'node:crypto';

let position = 10_000;

/** A stored, schema-checked event, as the projector receives it. */
export function envelope<K extends EventType>(
  type: K,
  payload: EventPayloads[K],
  options: { branchId?: string; occurredAt?: string; streamId?: string } = {},
): DomainEvent {
  position += 1;
  const occurredAt = options.occurredAt ?? '2026-01-02T01:00:00.000Z';
  const parsed = parseEvent({
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
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
  const tax = (toCents(net) * 13n + 50n) / 100n;
  return { currency: 'CNY', net, tax: fromCents(tax), gross: fromCents(toCents(net) + tax) };
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
  const c = (v: string | undefined) => toCents(v ?? '0.00');
  const labour = c(t.mechanical) + c(t.body) + c(t.paint);
  return {
    labour: cny(fromCents(labour)),
    labourByCategory: { mechanical: cny(t.mechanical ?? '0.00'), body: cny(t.body ?? '0.00'), paint: cny(t.paint ?? '0.00') },
    parts: cny(t.parts ?? '0.00'),
    partsCost: cny(t.partsCost ?? '0.00'),
    sublet: cny(t.sublet ?? '0.00'),
    total: cny(fromCents(labour + c(t.parts) + c(t.sublet))),
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

export function serviceSurvey(surveyId: string, ro: RepairOrderInput, answeredAt: string, answers: readonly Answer[], source: 'internal_call' | 'oem_survey' | 'mystery_shop' = 'internal_call'): DomainEvent {
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
