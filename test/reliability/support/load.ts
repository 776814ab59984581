import type { BoundedContext } from '@app/contracts';

/**
 * The load of the reliability suite: realistic dealer commands for every bounded context, built
 * deterministically from a seed, sent through the real HTTP batch endpoints. Every command of a
 * wave is valid in the state the earlier ones left, so any figure that differs between a run with
 * faults and a clean run is the platform's fault, never the load's.
 */
export interface CommandItem {
  readonly context: BoundedContext;
  readonly command: string;
  readonly idempotencyKey: string;
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

export const LOAD_BRANCHES = ['SH-01', 'BJ-01', 'GZ-01'] as const;
/** The months the load's business dates fall in (KPI queries ask for these). */
export const LOAD_MONTHS = { fromMonth: '2026-01', toMonth: '2026-07' } as const;
export const VIN = 'LSVAU2180N2183294';

/** An exact amount in cents as a two-decimal string. */
export function cents(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** CNY money with 13 % VAT (rounded to the cent): net + tax = gross exactly. */
export function cny(netCents: number, vatPercent = 13): { currency: string; net: string; tax: string; gross: string } {
  const tax = Math.round((netCents * vatPercent) / 100);
  return { currency: 'CNY', net: cents(netCents), tax: cents(tax), gross: cents(netCents + tax) };
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same load. */
export function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Head office's set-up: two regions, the branches, their regions, a target. */
export function setupCommands(runId: string): CommandItem[] {
  const org = (
    command: string,
    body: Record<string, unknown>,
    params: Record<string, string> = {},
    key = `${command}:${JSON.stringify(params)}:${JSON.stringify(body)}`,
  ): CommandItem => ({
    context: 'org',
    command,
    idempotencyKey: `${runId}:setup:${hashKey(key)}`,
    params,
    body,
  });
  return [
    org('DefineRegion', { regionId: 'EAST', name: 'East China' }),
    org('DefineRegion', { regionId: 'NORTH', name: 'North China' }),
    ...LOAD_BRANCHES.map((branchId) =>
      org('OpenBranch', {
        branchId,
        name: `Branch ${branchId}`,
        brands: ['Volkswagen'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        cutoffMinutes: 0,
        openedOn: '2025-01-01',
      }),
    ),
    org('AssignBranchRegion', { regionId: 'EAST', effectiveFrom: '2025-01-01' }, { branchId: 'SH-01' }),
    org('AssignBranchRegion', { regionId: 'NORTH', effectiveFrom: '2025-01-01' }, { branchId: 'BJ-01' }),
    org('AssignBranchRegion', { regionId: 'EAST', effectiveFrom: '2025-01-01' }, { branchId: 'GZ-01' }),
    org('AssignBranchRegion', { regionId: 'NORTH', effectiveFrom: '2026-04-01' }, { branchId: 'GZ-01' }),
    org('SetTarget', {
      kpi: 'service_revenue',
      periodKind: 'month',
      period: '2026-03',
      grain: 'branch',
      grainId: 'SH-01',
      kind: 'quota',
      value: '1500000.00',
      unit: 'CNY',
    }),
  ];
}

function hashKey(text: string): string {
  let h = 0;
  for (const ch of text) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return (h >>> 0).toString(36);
}

/** Figures the load itself implies, to check the KPIs against without trusting any run. */
export interface LoadTotals {
  commands: number;
  deliveries: number;
  returns: number;
  /** Vehicle revenue net of VAT, deliveries − returns, in cents. */
  vehicleRevenueCents: number;
  leads: number;
  /** Counter sales net, in cents. */
  partsCounterCents: number;
}

/**
 * Waves of commands: each unit of a wave is a whole sale (lead, test drive, order, deposit,
 * delivery, sometimes a return), a whole repair order (open, labour, parts, close, sometimes a
 * CSI response and a follow-up call) and a parts receipt, counter sale and accessory sale.
 */
export class LoadPlan {
  readonly totals: LoadTotals = { commands: 0, deliveries: 0, returns: 0, vehicleRevenueCents: 0, leads: 0, partsCounterCents: 0 };
  private readonly random: () => number;

  constructor(
    readonly runId: string,
    seed = 20_260_101,
  ) {
    this.random = prng(seed);
  }

  /** The commands of wave `w` with `units` units; adds their figures to `totals`. */
  wave(w: number, units: number): CommandItem[] {
    const items: CommandItem[] = [];
    for (let i = 0; i < units; i++) items.push(...this.unit(`${w}-${i}`));
    this.totals.commands += items.length;
    return items;
  }

  private unit(n: string): CommandItem[] {
    const rnd = this.random;
    const branchId = LOAD_BRANCHES[Math.floor(rnd() * LOAD_BRANCHES.length)] ?? 'SH-01';
    // A business day between 5 Jan and 25 Jun 2026; each unit's steps happen that day (Shanghai 09:00-17:00).
    const day = new Date(Date.UTC(2026, 0, 5) + Math.floor(rnd() * 171) * 86_400_000);
    const at = (hourUtc: number, minute = 0, plusDays = 0) =>
      new Date(day.getTime() + plusDays * 86_400_000 + hourUtc * 3_600_000 + minute * 60_000).toISOString();
    const item = (context: BoundedContext, command: string, params: Record<string, string>, body: Record<string, unknown>): CommandItem => ({
      context,
      command,
      idempotencyKey: `${this.runId}:${n}:${command}:${Object.values(params).join(':')}`,
      params,
      body: { branchId, ...body },
    });
    const sale = `VS-${n}`;
    const lead = `L-${n}`;
    const order = `O-${n}`;
    const ro = `RO-${n}`;
    const vin = `LSVAU2180N2${String(Math.floor(rnd() * 1e6)).padStart(6, '0')}`;
    const priceCents = 8_000_000 + Math.floor(rnd() * 12_000_000);
    const costCents = Math.floor(priceCents * 0.92);
    const model = rnd() < 0.5 ? 'Lavida' : 'Tiguan L';
    const condition = rnd() < 0.8 ? 'new' : 'used';
    const items: CommandItem[] = [
      item(
        'sales',
        'CreateLead',
        { leadId: lead },
        { source: rnd() < 0.5 ? 'walk_in' : 'online', segment: 'individual', consultantId: 'E-1', modelOfInterest: model, occurredAt: at(1) },
      ),
      item('sales', 'CompleteTestDrive', { leadId: lead }, { model, consultantId: 'E-1', occurredAt: at(1, 30) }),
      item(
        'sales',
        'SignOrder',
        { vehicleSaleId: sale },
        {
          orderId: order,
          model,
          condition,
          listPrice: cny(priceCents + 300_000),
          transactionPrice: cny(priceCents),
          deposit: cny(500_000, 0),
          finance: 'loan',
          consultantId: 'E-1',
          customerId: `C-${n}`,
          occurredAt: at(2),
        },
      ),
      item('sales', 'ReceivePayment', { vehicleSaleId: sale }, { kind: 'deposit', amount: cny(500_000, 0), occurredAt: at(2, 30) }),
      item(
        'sales',
        'DeliverVehicle',
        { vehicleSaleId: sale },
        { orderId: order, vin, model, condition, consultantId: 'E-1', invoice: cny(priceCents), cost: cny(costCents), occurredAt: at(6) },
      ),
    ];
    this.totals.leads += 1;
    this.totals.deliveries += 1;
    this.totals.vehicleRevenueCents += priceCents;
    if (rnd() < 0.15) {
      items.push(
        item(
          'sales',
          'ReturnVehicle',
          { vehicleSaleId: sale },
          { reason: 'gearbox defect', invoiceReversed: cny(priceCents), costReversed: cny(costCents), occurredAt: at(3, 0, 2) },
        ),
      );
      this.totals.returns += 1;
      this.totals.vehicleRevenueCents -= priceCents;
    }

    const labourCents = 30_000 + Math.floor(rnd() * 200) * 100;
    const partsCents = 10_000 + Math.floor(rnd() * 400) * 100;
    items.push(
      item(
        'workshop',
        'OpenRepairOrder',
        { repairOrderId: ro },
        {
          intakeVisitId: `V-${n}`,
          vin,
          mileageKm: 1000 + Math.floor(rnd() * 90_000),
          advisorId: 'SA-1',
          jobType: 'repair',
          payer: 'customer',
          occurredAt: at(1),
        },
      ),
      item(
        'workshop',
        'PostLabourLine',
        { repairOrderId: ro },
        {
          lineId: 'L1',
          category: 'mechanical',
          soldHours: '2.00',
          clockedHours: '1.75',
          rate: cents(labourCents / 2),
          technicianId: rnd() < 0.5 ? 'T-1' : 'T-2',
          payer: 'customer',
          amount: cny(labourCents),
          occurredAt: at(2),
        },
      ),
      item(
        'workshop',
        'IssuePartsToRepairOrder',
        { repairOrderId: ro },
        {
          lineId: 'P1',
          partNumber: '5Q0698151',
          quantity: '2',
          genuine: true,
          unitPrice: cents(partsCents / 2),
          payer: 'customer',
          amount: cny(partsCents),
          cost: cny(Math.floor(partsCents * 0.65)),
          occurredAt: at(2, 30),
        },
      ),
      item('workshop', 'CloseRepairOrder', { repairOrderId: ro }, { occurredAt: at(8) }),
    );
    if (rnd() < 0.3) {
      items.push(
        item(
          'workshop',
          'CompleteFollowUpCall',
          { followUpCallId: `FU-${n}` },
          { repairOrderId: ro, callerId: 'CC-1', reached: true, outcome: 'satisfied', occurredAt: at(2, 0, 1) },
        ),
        item(
          'workshop',
          'RecordCsiSurveyResponse',
          { surveyId: `S-${n}` },
          {
            source: 'internal_call',
            kind: 'service',
            repairOrderId: ro,
            answers: [{ questionId: 'overall', answer: String(6 + Math.floor(rnd() * 5)), min: '0', max: '10', weight: '1', overall: true }],
            occurredAt: at(2, 10, 1),
          },
        ),
      );
    }

    const saleCents = 20_000 + Math.floor(rnd() * 300) * 100;
    items.push(
      item(
        'parts',
        'ReceiveParts',
        { receiptId: `GR-${n}` },
        {
          supplierId: 'SUP-FAW',
          purchaseOrderRef: `PO-${n}`,
          partNumber: 'OIL-FILTER',
          quantity: '10',
          genuine: true,
          cost: cny(50_000),
          occurredAt: at(0, 30),
        },
      ),
      item(
        'parts',
        'SellParts',
        { saleId: `CS-${n}` },
        {
          customerType: 'quick_repair_shop',
          customerId: 'C-9',
          lines: [{ partNumber: 'OIL-FILTER', quantity: '4', genuine: true, amount: cny(saleCents), cost: cny(20_000) }],
          occurredAt: at(5),
        },
      ),
      item(
        'parts',
        'SellAccessory',
        { accessorySaleId: `AS-${n}` },
        {
          accessoryCode: 'MAT-LAV-01',
          description: 'Floor mats',
          quantity: '1',
          amount: cny(40_000),
          cost: cny(25_000),
          vehicleSaleId: sale,
          occurredAt: at(5, 30),
        },
      ),
    );
    this.totals.partsCounterCents += saleCents;
    return items;
  }
}

/** The batch endpoint's answer for one item. */
interface BatchResult {
  readonly index: number;
  readonly command: string;
  readonly status: number;
  readonly body: unknown;
}

/** Something that POSTs JSON and returns status and body (supertest, fetch). */
export type PostJson = (path: string, body: unknown) => Promise<{ status: number; body: unknown }>;

/**
 * Sends items through each context's batch endpoint, in order within a context. Every item must
 * succeed: the load is valid by construction, so a refusal is a broken test, said loudly.
 */
export async function sendBatches(post: PostJson, items: readonly CommandItem[], maxPerBatch = 500): Promise<void> {
  const byContext = new Map<BoundedContext, CommandItem[]>();
  for (const item of items) byContext.set(item.context, [...(byContext.get(item.context) ?? []), item]);
  // Head office first: the others refer to its branches.
  const order = [...byContext.keys()].sort((a, b) => Number(b === 'org') - Number(a === 'org'));
  for (const context of order) {
    const list = byContext.get(context) ?? [];
    for (let start = 0; start < list.length; start += maxPerBatch) {
      const chunk = list.slice(start, start + maxPerBatch);
      const response = await post(`/api/v1/${context}/batch`, {
        items: chunk.map(({ command, idempotencyKey, params, body }) => ({ command, idempotencyKey, params, body })),
      });
      if (response.status !== 200) throw new Error(`POST /api/v1/${context}/batch answered ${response.status}: ${JSON.stringify(response.body)}`);
      const failed = (response.body as { results: BatchResult[] }).results.filter((r) => r.status >= 300);
      if (failed.length > 0) {
        throw new Error(`the load is invalid: ${failed.length} item(s) refused, e.g. ${JSON.stringify(failed.slice(0, 3))}`);
      }
    }
  }
}
