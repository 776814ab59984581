import { amountOfCents } from '@app/contracts';
import { BASE_VOLUMES, labourRate, localPrice, PartPlan, PARTS, PartUse, seasonality, SIZE_FACTOR, springFestival } from './catalogue';
import { toCents } from './money';
import { at, BranchContext, iso, laterAt, money, pickDay, seq, yymm } from './plan';
import { Random } from './random';
import { PlannedDelivery, score } from './sales.generator';
import { addDays, localDate, weekday, zonedInstant } from './time';
import { ServicedVehicle, VehiclePool } from './vehicles';

type JobType = 'maintenance' | 'repair' | 'body_paint' | 'insurance' | 'warranty' | 'internal' | 'pdi';
type Payer = 'customer' | 'insurance' | 'warranty' | 'internal';
type Category = 'mechanical' | 'body' | 'paint';

const JOB_MIX = { maintenance: 44, repair: 22, body_paint: 8, insurance: 12, warranty: 6, internal: 3 } as const;
const APPOINTMENT_CHANNELS = { phone: 40, app: 25, online: 15, oem: 10, walk_in: 10 } as const;
const COMPLAINT_CHANNELS = { phone: 45, walk_in: 20, online: 15, oem: 10, social_media: 8, letter: 2 } as const;
const CUSTOMER_COMPLAINTS: Readonly<Record<JobType, readonly string[]>> = {
  maintenance: ['scheduled service', 'oil service and inspection', '保养'],
  repair: ['noise from front axle when braking', 'engine warning light on', 'air conditioning not cooling', 'battery drains overnight'],
  body_paint: ['scratch on rear bumper', 'dent in driver door', '钣金喷漆'],
  insurance: ['collision damage, front end', 'rear-end collision', '事故车维修'],
  warranty: ['infotainment screen freezes', 'water ingress at sunroof', 'gearbox judder when pulling away'],
  internal: ['used-car reconditioning', 'demo car preparation'],
  pdi: ['pre-delivery inspection'],
};

interface LabourSpec {
  readonly category: Category;
  readonly operation: string;
  /** Hours in hundredths. */
  readonly sold: number;
  readonly clocked: number;
  readonly payer: Payer;
  readonly technicianId: string;
}

interface PartsSpec {
  readonly part: PartPlan;
  readonly quantity: number;
  readonly genuine: boolean;
  readonly payer: Payer;
  readonly discount: number;
}

interface RepairOrderSpec {
  readonly repairOrderId: string;
  readonly intakeVisitId: string;
  readonly vehicle: ServicedVehicle;
  readonly jobType: JobType;
  readonly payer: Payer;
  readonly advisorId: string;
  readonly openAt: number;
  readonly closeAt: number;
  readonly labour: readonly LabourSpec[];
  readonly parts: readonly PartsSpec[];
  readonly subletNetCents: bigint;
  readonly appointmentId?: string;
}

const hours = (hundredths: number) => amountOfCents(BigInt(hundredths));

/** Workshop load by day: quiet Sundays, a closed week around the Spring Festival. */
function serviceDayWeight(ctx: BranchContext): (date: string) => number {
  return (date) => {
    const day = weekday(date);
    let w = day === 0 ? 0.5 : day === 6 ? 0.9 : 1;
    if (ctx.branch.currency === 'CNY') {
      const festival = springFestival(Number(date.slice(0, 4)));
      if (date >= addDays(festival, -1) && date <= addDays(festival, 5)) w *= 0.15;
    }
    return w;
  };
}

function partsFor(r: Random, use: PartUse, count: number): PartPlan[] {
  const candidates = PARTS.filter((p) => p.use === use);
  const chosen = new Set<PartPlan>();
  while (chosen.size < Math.min(count, candidates.length)) chosen.add(r.pick(candidates));
  return [...chosen];
}

/** Lines and duration of a repair order of a job type: what a workshop typically books. */
function workOf(
  ctx: BranchContext,
  r: Random,
  jobType: JobType,
  payer: Payer,
): { labour: LabourSpec[]; parts: PartsSpec[]; days: number; subletNetCents: bigint } {
  const tech = () => r.pick(ctx.staff.technicians);
  const labour = (category: Category, operation: string, min: number, max: number, linePayer: Payer = payer): LabourSpec => {
    const sold = r.int(Math.round(min * 4), Math.round(max * 4)) * 25;
    return { category, operation, sold, clocked: Math.max(10, Math.round((sold * r.int(70, 125)) / 100)), payer: linePayer, technicianId: tech() };
  };
  const part = (p: PartPlan, quantity = 1, linePayer: Payer = payer): PartsSpec => ({
    part: p,
    quantity,
    genuine: r.chance(0.92),
    payer: linePayer,
    discount: linePayer === 'customer' && r.chance(0.2) ? r.int(85, 95) / 100 : 1,
  });
  switch (jobType) {
    case 'maintenance': {
      const parts = [part(PARTS[0]!), part(PARTS[1]!)];
      for (const p of PARTS.slice(2, 6)) if (r.chance(0.2)) parts.push(part(p));
      return { labour: [labour('mechanical', 'scheduled maintenance', 0.5, 1.25)], parts, days: 0, subletNetCents: 0n };
    }
    case 'repair':
      return {
        labour: [labour('mechanical', 'diagnosis and repair', 0.5, 4)],
        parts: partsFor(r, 'repair', r.chance(0.7) ? 1 : 2).map((p) => part(p, p.partNumber === 'SHK-ABS-F' ? 2 : 1)),
        days: r.int(0, 2),
        subletNetCents: 0n,
      };
    case 'body_paint':
    case 'insurance': {
      const big = jobType === 'insurance' ? 1.3 : 1;
      const parts = partsFor(r, 'body', jobType === 'insurance' ? r.int(1, 2) : r.int(0, 1)).map((p) => part(p));
      parts.push(
        part(
          PARTS.find((p) => p.partNumber === 'PNT-BASE-1L')!,
          r.int(1, 2),
        ),
      );
      const sublet = r.chance(0.1) ? toCents(localPrice(ctx.branch, r.between(300, 1500))) : 0n;
      return {
        labour: [labour('body', 'panel repair', 1 * big, 5 * big), labour('paint', 'refinish', 1 * big, 4 * big)],
        parts: parts.filter((p, i, all) => all.findIndex((q) => q.part === p.part) === i),
        days: r.int(2, jobType === 'insurance' ? 12 : 6),
        subletNetCents: sublet,
      };
    }
    case 'warranty':
      return {
        labour: [labour('mechanical', 'warranty repair', 1, 4)],
        parts: partsFor(r, 'repair', 1).map((p) => part(p)),
        days: r.int(1, 4),
        subletNetCents: 0n,
      };
    case 'internal':
      return { labour: [labour('mechanical', 'reconditioning', 1, 3)], parts: r.chance(0.5) ? [part(PARTS[0]!)] : [], days: r.int(0, 2), subletNetCents: 0n };
    case 'pdi':
      return { labour: [labour('mechanical', 'pre-delivery inspection', 0.5, 1)], parts: [], days: 0, subletNetCents: 0n };
  }
}

function payerOf(r: Random, jobType: JobType): Payer {
  switch (jobType) {
    case 'insurance':
      return 'insurance';
    case 'warranty':
      return 'warranty';
    case 'internal':
    case 'pdi':
      return 'internal';
    case 'body_paint':
      return r.chance(0.2) ? 'insurance' : 'customer';
    default:
      return 'customer';
  }
}

/**
 * The workshop of a branch: intakes scaled to its size and the month, a job-type mix with
 * insurance, warranty, internal and PDI work, visits split into a mechanical and a body RO,
 * appointments, labour lines (mechanical, body, paint) and parts issued, closes (some after
 * midnight where the branch's business day runs late), reopenings, comebacks (most within the
 * rework window, some after it), follow-up calls, service CSI (OEM surveys weeks late),
 * complaints and warranty claims.
 */
export function generateWorkshop(ctx: BranchContext, rng: Random, pool: VehiclePool, deliveries: readonly PlannedDelivery[]): void {
  const b = ctx.branch.branchId;
  const dayWeight = serviceDayWeight(ctx);
  for (const month of ctx.months) {
    const r = rng.fork(month);
    const intakes = r.poisson(BASE_VOLUMES.intakes * SIZE_FACTOR[ctx.branch.size] * ctx.scale * seasonality(ctx.branch, month, 'service'));
    let ros = 0;
    for (let v = 1; v <= intakes; v++) {
      const intakeVisitId = `${b}-V${yymm(month)}-${seq(v)}`;
      const date = pickDay(r, month, dayWeight);
      const lateNight = ctx.branch.cutoffMinutes > 30 && r.chance(0.04);
      const openAt = lateNight ? at(ctx, r, date, 19.5, 22.5) : at(ctx, r, date, 8, 17.5);
      const vehicle = pool.pick(openAt);
      const jobType = r.weighted(JOB_MIX) as JobType;
      const advisorId = r.pick(ctx.staff.advisors);
      let appointmentId: string | undefined;
      const booked = Math.min(at(ctx, r, addDays(date, -r.int(1, 6)), 9, 18), openAt - 3600_000);
      if (jobType !== 'internal' && r.chance(0.35) && booked >= ctx.timeline.windowStart) {
        appointmentId = `${b}-AP${yymm(month)}-${seq(v)}`;
        ctx.timeline.add(
          'workshop',
          'BookAppointment',
          { appointmentId },
          {
            branchId: b,
            vin: vehicle.vin,
            customerId: vehicle.customerId,
            advisorId,
            jobType,
            channel: r.weighted(APPOINTMENT_CHANNELS),
            scheduledFor: iso(openAt),
            occurredAt: iso(booked),
          },
          appointmentId,
          booked,
        );
      }
      const kinds: JobType[] = (jobType === 'insurance' || jobType === 'body_paint') && r.chance(0.15) ? [jobType, 'repair'] : [jobType];
      for (const [index, kind] of kinds.entries()) {
        const repairOrderId = `${b}-RO${yymm(month)}-${seq(++ros)}`;
        const payer = index === 0 ? payerOf(r, kind) : 'customer';
        const work = workOf(ctx, r, kind, payer);
        const open = openAt + index * 20 * 60_000;
        const lines = work.labour.length + work.parts.length;
        let closeAt: number;
        if (lateNight && kind === 'maintenance') {
          closeAt = zonedInstant(addDays(localDate(open, ctx.branch.timeZone), 1), r.int(5, ctx.branch.cutoffMinutes - 10), ctx.branch.timeZone);
        } else if (work.days === 0) {
          closeAt = open + r.int(90, 240) * 60_000;
        } else {
          closeAt = laterAt(ctx, r, open, work.days, 10, 18);
        }
        closeAt = Math.max(closeAt, open + (lines + 2) * 6 * 60_000);
        const spec: RepairOrderSpec = {
          repairOrderId,
          intakeVisitId,
          vehicle,
          jobType: kind,
          payer,
          advisorId,
          openAt: open,
          closeAt,
          ...work,
          ...(index === 0 && appointmentId ? { appointmentId } : {}),
        };
        const closed = recordRepairOrder(ctx, r, spec, CUSTOMER_COMPLAINTS[kind]);
        if (closed) afterClose(ctx, r, spec);
      }
    }
  }
  // A pre-delivery inspection for most new cars, the day before the handover.
  const r = rng.fork('pdi');
  for (const delivery of deliveries) {
    if (!r.chance(0.8)) continue;
    const openAt = delivery.at - r.int(20, 30) * 3600_000;
    if (openAt < ctx.timeline.windowStart) continue;
    const work = workOf(ctx, r, 'pdi', 'internal');
    const spec: RepairOrderSpec = {
      repairOrderId: `${b}-PDI-${delivery.vin.slice(-8)}`,
      intakeVisitId: `${b}-PDI-${delivery.vin.slice(-8)}`,
      vehicle: { vin: delivery.vin, customerId: `${b}-STOCK`, model: delivery.model, from: 0 },
      jobType: 'pdi',
      payer: 'internal',
      advisorId: r.pick(ctx.staff.advisors),
      openAt,
      closeAt: openAt + r.int(60, 180) * 60_000,
      ...work,
    };
    recordRepairOrder(ctx, r, spec, CUSTOMER_COMPLAINTS.pdi);
  }
}

/** Open, lines, close. Returns whether the close falls inside the window. */
function recordRepairOrder(ctx: BranchContext, r: Random, spec: RepairOrderSpec, complaints: readonly string[], closeKey = 1): boolean {
  const t = ctx.timeline;
  const b = ctx.branch.branchId;
  const { repairOrderId } = spec;
  const rate = labourRate(ctx.branch);
  t.add(
    'workshop',
    'OpenRepairOrder',
    { repairOrderId },
    {
      branchId: b,
      intakeVisitId: spec.intakeVisitId,
      vin: spec.vehicle.vin,
      mileageKm: spec.jobType === 'pdi' ? r.int(5, 40) : r.int(3_000, 160_000),
      advisorId: spec.advisorId,
      jobType: spec.jobType,
      payer: spec.payer,
      ...(spec.appointmentId ? { appointmentId: spec.appointmentId } : {}),
      customerId: spec.vehicle.customerId,
      complaint: r.pick(complaints),
      // The vehicle's model as the branch knows it (a car it sold, or its customer base's from the price
      // lists): the service KPIs by model and brand. A used car sold under its model year stays unassigned.
      model: spec.vehicle.model,
      occurredAt: iso(spec.openAt),
    },
    repairOrderId,
    spec.openAt,
  );
  let when = spec.openAt;
  spec.labour.forEach((line, i) => {
    when += 6 * 60_000;
    const amount = (BigInt(line.sold) * toCents(rate)) / 100n;
    t.add(
      'workshop',
      'PostLabourLine',
      { repairOrderId },
      {
        branchId: b,
        lineId: `L${i + 1}`,
        category: line.category,
        operation: line.operation,
        soldHours: hours(line.sold),
        clockedHours: hours(line.clocked),
        rate: amountOfCents(toCents(rate)),
        technicianId: line.technicianId,
        payer: line.payer,
        amount: money(ctx, amount),
        occurredAt: iso(when),
      },
      `${repairOrderId}:L${i + 1}`,
      when,
    );
  });
  spec.parts.forEach((line, i) => {
    when += 6 * 60_000;
    const unit = toCents(localPrice(ctx.branch, line.part.price * line.discount));
    const amount = unit * BigInt(line.quantity);
    t.add(
      'workshop',
      'IssuePartsToRepairOrder',
      { repairOrderId },
      {
        branchId: b,
        lineId: `P${i + 1}`,
        partNumber: line.part.partNumber,
        description: line.part.description,
        quantity: String(line.quantity),
        genuine: line.genuine,
        unitPrice: amountOfCents(unit),
        payer: line.payer,
        amount: money(ctx, amount),
        cost: money(ctx, toCents(localPrice(ctx.branch, line.part.cost)) * BigInt(line.quantity)),
        occurredAt: iso(when),
      },
      `${repairOrderId}:P${i + 1}`,
      when,
    );
  });
  const closed = t.add(
    'workshop',
    'CloseRepairOrder',
    { repairOrderId },
    {
      branchId: b,
      ...(spec.subletNetCents > 0n ? { sublet: money(ctx, spec.subletNetCents) } : {}),
      occurredAt: iso(spec.closeAt),
    },
    `${repairOrderId}:${closeKey}`,
    spec.closeAt,
  );
  return closed;
}

function serviceAnswers(r: Random, source: 'internal_call' | 'oem_survey' | 'mystery_shop') {
  switch (source) {
    case 'internal_call':
      return [
        { questionId: 'overall', answer: String(score(r, 10)), min: '0', max: '10', weight: '1', overall: true },
        { questionId: 'advisor', answer: String(score(r, 10)), min: '0', max: '10', weight: '1', overall: false },
      ];
    case 'oem_survey':
      return [
        { questionId: 'overall', answer: String(score(r, 5)), min: '1', max: '5', weight: '2', overall: true },
        { questionId: 'cleanliness', answer: String(score(r, 5)), min: '1', max: '5', weight: '1', overall: false },
        { questionId: 'explanation', answer: String(score(r, 5)), min: '1', max: '5', weight: '1', overall: false },
      ];
    case 'mystery_shop':
      return [{ questionId: 'overall', answer: String(r.int(55, 100)), min: '0', max: '100', weight: '1', overall: true }];
  }
}

/** What follows a close: reopening or comeback, follow-up call, CSI, complaint, warranty claim. */
function afterClose(ctx: BranchContext, r: Random, spec: RepairOrderSpec): void {
  const t = ctx.timeline;
  const b = ctx.branch.branchId;
  const { repairOrderId, closeAt } = spec;
  const kpi = spec.jobType !== 'internal' && spec.jobType !== 'pdi';
  if (!kpi) return;
  let lastClose = closeAt;
  const roll = r.next();
  if (roll < 0.008) {
    // Reopened: the customer is back the next days, an extra labour line, closed again.
    const reopened = laterAt(ctx, r, closeAt, r.int(1, 3), 9, 12);
    t.add(
      'workshop',
      'ReopenRepairOrder',
      { repairOrderId },
      { branchId: b, reason: 'customer reported the fault again at pick-up', occurredAt: iso(reopened) },
      repairOrderId,
      reopened,
    );
    const rate = labourRate(ctx.branch);
    const sold = r.int(2, 8) * 25;
    const lineAt = reopened + 30 * 60_000;
    t.add(
      'workshop',
      'PostLabourLine',
      { repairOrderId },
      {
        branchId: b,
        lineId: 'L9',
        category: 'mechanical',
        operation: 'rework after reopening',
        soldHours: hours(sold),
        clockedHours: hours(sold),
        rate: amountOfCents(toCents(rate)),
        technicianId: r.pick(ctx.staff.technicians),
        payer: spec.payer,
        amount: money(ctx, (BigInt(sold) * toCents(rate)) / 100n),
        occurredAt: iso(lineAt),
      },
      `${repairOrderId}:L9`,
      lineAt,
    );
    lastClose = reopened + r.int(2, 6) * 3600_000;
    t.add(
      'workshop',
      'CloseRepairOrder',
      { repairOrderId },
      {
        branchId: b,
        ...(spec.subletNetCents > 0n ? { sublet: money(ctx, spec.subletNetCents) } : {}),
        occurredAt: iso(lastClose),
      },
      `${repairOrderId}:2`,
      lastClose,
    );
  } else if (roll < 0.038 && spec.jobType !== 'warranty') {
    // A comeback: same car, same fault, most within the 30-day rework window, some after it.
    const days = r.chance(0.8) ? r.int(2, 28) : r.int(31, 50);
    const openAt = laterAt(ctx, r, closeAt, days, 8.5, 16);
    const comebackId = `${repairOrderId}-CB`;
    const technicianId = r.pick(ctx.staff.technicians);
    const comeback: RepairOrderSpec = {
      repairOrderId: comebackId,
      intakeVisitId: `${spec.intakeVisitId}-CB`,
      vehicle: spec.vehicle,
      jobType: 'repair',
      payer: 'customer',
      advisorId: spec.advisorId,
      openAt,
      closeAt: openAt + r.int(2, 5) * 3600_000,
      labour: [{ category: 'mechanical', operation: 'rework (goodwill)', sold: 0, clocked: r.int(2, 8) * 25, payer: 'internal', technicianId }],
      parts: [],
      subletNetCents: 0n,
    };
    recordRepairOrder(ctx, r, comeback, ['same fault again after the last visit']);
    const registered = r.chance(0.7) ? openAt + 10 * 60_000 : laterAt(ctx, r, comeback.closeAt, r.int(1, 3));
    t.add(
      'workshop',
      'RegisterComeback',
      { repairOrderId: comebackId },
      {
        branchId: b,
        originalRepairOrderId: repairOrderId,
        faultDescription: 'same fault as the original repair',
        occurredAt: iso(registered),
      },
      comebackId,
      registered,
    );
  }
  if (r.chance(0.7)) {
    const followUpCallId = `${repairOrderId}-FU`;
    const when = laterAt(ctx, r, lastClose, r.int(1, 5), 10, 17);
    const reached = r.chance(0.8);
    const outcome = reached
      ? r.weighted({ satisfied: 85, dissatisfied: 5, callback_requested: 5, declined: 5 })
      : r.weighted({ no_answer: 70, voicemail: 25, wrong_number: 5 });
    t.add(
      'workshop',
      'CompleteFollowUpCall',
      { followUpCallId },
      {
        branchId: b,
        repairOrderId,
        callerId: r.pick(ctx.staff.callers),
        reached,
        outcome,
        occurredAt: iso(when),
      },
      followUpCallId,
      when,
    );
  }
  if (r.chance(0.3)) {
    const source = r.weighted({ internal_call: 55, oem_survey: 40, mystery_shop: 5 });
    const days = source === 'internal_call' ? r.int(1, 7) : source === 'oem_survey' ? r.int(7, 45) : r.int(3, 20);
    const when = laterAt(ctx, r, lastClose, days);
    const surveyId = `${repairOrderId}-SV`;
    t.add(
      'workshop',
      'RecordCsiSurveyResponse',
      { surveyId },
      {
        branchId: b,
        source,
        kind: 'service',
        repairOrderId,
        customerId: spec.vehicle.customerId,
        answers: serviceAnswers(r, source),
        occurredAt: iso(when),
      },
      surveyId,
      when,
    );
  }
  if (r.chance(0.01)) {
    const complaintId = `${repairOrderId}-CP`;
    const logged = laterAt(ctx, r, lastClose, r.int(1, 10));
    t.add(
      'workshop',
      'LogComplaint',
      { complaintId },
      {
        branchId: b,
        kind: 'service',
        channel: r.weighted(COMPLAINT_CHANNELS),
        repairOrderId,
        customerId: spec.vehicle.customerId,
        description: r.pick(['waited too long for the car', 'invoice higher than the estimate', 'car returned dirty', 'fault not fixed']),
        occurredAt: iso(logged),
      },
      complaintId,
      logged,
    );
    if (r.chance(0.85)) {
      const resolved = laterAt(ctx, r, logged, r.int(1, 20));
      t.add(
        'workshop',
        'ResolveComplaint',
        { complaintId },
        {
          branchId: b,
          resolution: r.pick(['apologised and explained the invoice', 'free car wash and inspection', 'labour refunded as goodwill']),
          ...(r.chance(0.3) ? { compensation: money(ctx, toCents(localPrice(ctx.branch, r.between(100, 800)))) } : {}),
          occurredAt: iso(resolved),
        },
        complaintId,
        resolved,
      );
    }
  }
  if (spec.jobType === 'warranty' || spec.payer === 'warranty') {
    const warrantyClaimId = `${repairOrderId}-WC`;
    const submitted = laterAt(ctx, r, lastClose, r.int(0, 3));
    const rate = labourRate(ctx.branch);
    const claimedNet =
      spec.labour.reduce((sum, l) => sum + (BigInt(l.sold) * toCents(rate)) / 100n, 0n) +
      spec.parts.reduce((sum, p) => sum + toCents(localPrice(ctx.branch, p.part.price * p.discount)) * BigInt(p.quantity), 0n);
    t.add(
      'workshop',
      'SubmitWarrantyClaim',
      { warrantyClaimId },
      {
        branchId: b,
        repairOrderId,
        manufacturerClaimNumber: `MC-${repairOrderId.replace(/[^A-Z0-9]/g, '')}`,
        claimed: money(ctx, claimedNet),
        occurredAt: iso(submitted),
      },
      warrantyClaimId,
      submitted,
    );
    const decided = laterAt(ctx, r, submitted, r.int(7, 40));
    const decision = r.weighted({ approved: 80, partially_approved: 12, rejected: 8 });
    t.add(
      'workshop',
      'DecideWarrantyClaim',
      { warrantyClaimId },
      {
        branchId: b,
        decision,
        ...(decision === 'rejected'
          ? { reason: 'not covered: wear part' }
          : { approved: money(ctx, decision === 'approved' ? claimedNet : (claimedNet * BigInt(r.int(60, 90))) / 100n) }),
        occurredAt: iso(decided),
      },
      warrantyClaimId,
      decided,
    );
  }
}
