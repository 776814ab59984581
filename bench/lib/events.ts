// Synthetic dealer activity for the benchmarks: valid events of the published catalogue, made
// from the contract fixtures (libs/contracts/fixtures) with fresh ids, branches and dates. Every
// generated event passes parseEvent and produces fact rows, as a real one would.
import { EventEnvelope } from '@app/contracts';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '..', '..', 'libs', 'contracts', 'fixtures');

function fixture(path: string): EventEnvelope {
  return JSON.parse(readFileSync(join(FIXTURES, `${path}.v1.json`), 'utf8')) as EventEnvelope;
}

const TEMPLATES = {
  roOpened: fixture('workshop/RepairOrderOpened'),
  labour: fixture('workshop/LabourLinePosted'),
  partsIssued: fixture('workshop/PartsIssuedToRepairOrder'),
  roClosed: fixture('workshop/RepairOrderClosed'),
  csi: fixture('workshop/CsiSurveyResponded'),
  lead: fixture('sales/LeadCreated'),
  order: fixture('sales/OrderSigned'),
  delivered: fixture('sales/VehicleDelivered'),
  partsSold: fixture('parts/PartsSold'),
  branchOpened: fixture('org/BranchOpened'),
  regionDefined: fixture('org/RegionDefined'),
  regionAssigned: fixture('org/BranchRegionAssigned'),
};

/** Branch ids of the synthetic dealer group: BR-001 … */
export function branchIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `BR-${String(i + 1).padStart(3, '0')}`);
}

/** BranchOpened for each branch (CNY, Asia/Shanghai, cut-off 00:00), opened before any activity. */
export function branchOpenedEvents(branches: readonly string[]): EventEnvelope[] {
  return branches.map((branchId, i) => ({
    ...TEMPLATES.branchOpened,
    eventId: randomUUID(),
    streamId: `branch-${branchId}`,
    streamPosition: 1,
    globalPosition: String(i + 1),
    branchId,
    occurredAt: '2024-12-01T02:00:00.000Z',
    recordedAt: '2024-12-01T02:00:00.000Z',
    payload: {
      ...(TEMPLATES.branchOpened.payload as object),
      branchId,
      name: `Bench branch ${branchId}`,
      cutoffMinutes: 0,
      openedOn: '2024-12-01',
    },
  }));
}

/** Regions R1…R`regions` and every branch assigned to one of them from the start. */
export function regionEvents(branches: readonly string[], regions = 5): EventEnvelope[] {
  const at = '2024-12-01T03:00:00.000Z';
  const base = { recordedAt: at, occurredAt: at, streamPosition: 1 };
  const ids = Array.from({ length: regions }, (_, i) => `R${i + 1}`);
  return [
    ...ids.map((regionId, i) => ({
      ...TEMPLATES.regionDefined,
      ...base,
      eventId: randomUUID(),
      streamId: `region-${regionId}`,
      globalPosition: String(10_000 + i),
      payload: { regionId, name: `Region ${regionId}` },
    })),
    ...branches.map((branchId, i) => ({
      ...TEMPLATES.regionAssigned,
      ...base,
      eventId: randomUUID(),
      streamId: `branch-region-${branchId}`,
      globalPosition: String(20_000 + i),
      branchId,
      payload: { branchId, regionId: ids[i % regions] ?? 'R1', effectiveFrom: '2024-12-01' },
    })),
  ];
}

export interface GeneratorOptions {
  readonly branches: readonly string[];
  /** First business day of the activity (UTC midnight). */
  readonly from?: string;
  /** Days the activity is spread over. */
  readonly days?: number;
  /** Expected number of events: spreads them evenly over the days. */
  readonly expectedEvents: number;
}

const DAY_MS = 86_400_000;

/**
 * An endless, deterministic-in-shape stream of activity units; each unit is one of
 *   - a repair order: opened, two labour lines, parts issued, closed (5 events, workshop) — 5 of 10 units,
 *   - a CSI survey on a closed RO (1 event, workshop) — 1 of 10,
 *   - a vehicle sale: lead, order signed, delivered (3 events, sales) — 2 of 10,
 *   - a parts counter sale (1 event, parts) — 2 of 10.
 * About 3.3 events a unit: 80 % workshop, 18 % sales, 4 % parts.
 */
export class ActivityGenerator {
  private unit = 0;
  private position = 0n;
  private readonly from: number;
  private readonly msPerUnit: number;

  constructor(private readonly options: GeneratorOptions) {
    this.from = Date.parse(options.from ?? '2025-01-01T00:00:00Z');
    const units = Math.max(1, options.expectedEvents / 3.3);
    this.msPerUnit = ((options.days ?? 640) * DAY_MS) / units;
  }

  /** The next `count` events (whole units; may overshoot by up to 4). */
  next(count: number): EventEnvelope[] {
    const out: EventEnvelope[] = [];
    while (out.length < count) this.nextUnit(out);
    return out;
  }

  private nextUnit(out: EventEnvelope[]): void {
    const n = this.unit++;
    const branchId = this.options.branches[n % this.options.branches.length] ?? 'BR-001';
    // 01:00–09:59 UTC = 09:00–17:59 in Shanghai: the same business day as the UTC date.
    const day = this.from + Math.floor((n * this.msPerUnit) / DAY_MS) * DAY_MS;
    const at = (hour: number, minute = 0): string => new Date(day + (1 + hour) * 3_600_000 + minute * 60_000).toISOString();
    const kind = n % 10;
    if (kind < 5) this.repairOrder(out, n, branchId, at);
    else if (kind === 5) this.survey(out, n, branchId, at);
    else if (kind < 8) this.vehicleSale(out, n, branchId, at);
    else this.partsSale(out, n, branchId, at);
  }

  private push(
    out: EventEnvelope[],
    template: EventEnvelope,
    streamId: string,
    streamPosition: number,
    branchId: string,
    occurredAt: string,
    payload: object,
  ): void {
    this.position++;
    out.push({
      ...template,
      eventId: randomUUID(),
      streamId,
      streamPosition,
      globalPosition: this.position.toString(),
      branchId,
      occurredAt,
      recordedAt: occurredAt,
      payload,
    });
  }

  private repairOrder(out: EventEnvelope[], n: number, branchId: string, at: (h: number, m?: number) => string): void {
    const ro = `RO-${n}`;
    const stream = `repair-order-${ro}`;
    const opened = at(0, n % 60);
    const ids = { repairOrderId: ro, intakeVisitId: `V-${n}` };
    this.push(out, TEMPLATES.roOpened, stream, 1, branchId, opened, { ...(TEMPLATES.roOpened.payload as object), ...ids, appointmentId: null });
    this.push(out, TEMPLATES.labour, stream, 2, branchId, at(2), { ...(TEMPLATES.labour.payload as object), repairOrderId: ro, lineId: 'L1' });
    this.push(out, TEMPLATES.labour, stream, 3, branchId, at(3), { ...(TEMPLATES.labour.payload as object), repairOrderId: ro, lineId: 'L2' });
    this.push(out, TEMPLATES.partsIssued, stream, 4, branchId, at(4), { ...(TEMPLATES.partsIssued.payload as object), repairOrderId: ro });
    this.push(out, TEMPLATES.roClosed, stream, 5, branchId, at(8), { ...(TEMPLATES.roClosed.payload as object), ...ids, openedAt: opened });
  }

  private survey(out: EventEnvelope[], n: number, branchId: string, at: (h: number, m?: number) => string): void {
    const payload = TEMPLATES.csi.payload as { referencedAt: string };
    this.push(out, TEMPLATES.csi, `csi-survey-S-${n}`, 1, branchId, at(6), {
      ...payload,
      surveyId: `S-${n}`,
      repairOrderId: `RO-${n - 1}`,
      referencedAt: at(5),
    });
  }

  private vehicleSale(out: EventEnvelope[], n: number, branchId: string, at: (h: number, m?: number) => string): void {
    const lead = `L-${n}`;
    const sale = `VS-${n}`;
    const ids = { vehicleSaleId: sale, orderId: `O-${n}` };
    this.push(out, TEMPLATES.lead, `lead-${lead}`, 1, branchId, at(0), { ...(TEMPLATES.lead.payload as object), leadId: lead });
    this.push(out, TEMPLATES.order, `vehicle-sale-${sale}`, 1, branchId, at(2), { ...(TEMPLATES.order.payload as object), ...ids, leadId: lead });
    this.push(out, TEMPLATES.delivered, `vehicle-sale-${sale}`, 2, branchId, at(7), { ...(TEMPLATES.delivered.payload as object), ...ids });
  }

  private partsSale(out: EventEnvelope[], n: number, branchId: string, at: (h: number, m?: number) => string): void {
    this.push(out, TEMPLATES.partsSold, `parts-counter-sale-CS-${n}`, 1, branchId, at(4), { ...(TEMPLATES.partsSold.payload as object), saleId: `CS-${n}` });
  }
}
