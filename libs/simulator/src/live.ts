import { systemPrincipal } from '@app/platform-kit';
import { amountOfCents, BranchDirectory, Money } from '@app/contracts';
import { INestApplicationContext, Logger } from '@nestjs/common';
import { ACCESSORIES, BranchPlan, BRANCHES, labourRate, localPrice, modelsOf, PARTS, vatOf } from './catalogue';
import { SimulationExecutor } from './executor';
import { toCents, withVat } from './money';
import { CommandScope, SimCommand, staffOf } from './plan';
import { Random } from './random';
import { vinFor } from './vehicles';

export interface LiveModeOptions {
  seed: number;
  /** Commands per second (each records one event). */
  eventsPerSecond: number;
  signal: AbortSignal;
}

interface LiveBranch {
  readonly plan: BranchPlan;
  readonly open: { id: string; labour: number; parts: number }[];
  readonly closed: string[];
  readonly leads: string[];
  readonly orders: { id: string; price: bigint; paid: boolean }[];
  readonly stock: Map<string, number>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * Keeps today's business going at `eventsPerSecond` until `signal` aborts, so a dashboard moves:
 * repair orders opened, worked and closed, follow-up calls and surveys, leads, test drives,
 * orders, payments and deliveries, parts received and sold at the counter, accessories. Uses the
 * branches head office knows from the catalogue (run the simulation first); every command goes
 * through the same real command path as the history, dated now.
 */
export async function runLiveMode(app: INestApplicationContext, options: LiveModeOptions): Promise<void> {
  if (!(options.eventsPerSecond > 0 && options.eventsPerSecond <= 1000)) throw new RangeError('eventsPerSecond must be above 0 and at most 1000');
  const logger = new Logger('Simulator');
  const directory = app.get(BranchDirectory, { strict: false });
  const branches: LiveBranch[] = [];
  for (const plan of BRANCHES) {
    const known = await directory.find(plan.branchId).catch(() => undefined);
    if (known?.status === 'open') branches.push({ plan, open: [], closed: [], leads: [], orders: [], stock: new Map() });
  }
  if (branches.length === 0) throw new Error('live mode needs the simulated branches: run the simulation first');
  const executor = new SimulationExecutor(app, undefined, systemPrincipal('simulator-live'));
  const session = Date.now().toString(36).toUpperCase();
  const rng = new Random(options.seed).fork(`live-${session}`);
  const interval = 1000 / options.eventsPerSecond;
  let n = 0;
  let failures = 0;
  logger.log(`live mode: ${options.eventsPerSecond} event(s)/s over ${branches.length} branch(es), session ${session}; Ctrl-C stops`);
  while (!options.signal.aborted) {
    const started = Date.now();
    const branch = rng.pick(branches);
    const command = nextCommand(branch, rng, `${session}-${++n}`, options.seed);
    try {
      await executor.execute([command], { correlationId: `live-${session}`, causationId: null });
      failures = 0;
    } catch (error) {
      failures++;
      logger.warn(`live command refused: ${(error as Error).message}`);
      if (failures >= 20) throw new Error('live mode stopped: 20 commands in a row were refused', { cause: error });
    }
    await sleep(Math.max(0, interval - (Date.now() - started)), options.signal);
  }
}

function nextCommand(branch: LiveBranch, r: Random, id: string, seed: number): SimCommand {
  const plan = branch.plan;
  const b = plan.branchId;
  const staff = staffOf(plan);
  const now = Date.now();
  const occurredAt = new Date(now).toISOString();
  const vat = vatOf(plan);
  const money = (cents: bigint): Money => withVat(plan.currency, cents, vat);
  const cmd = (scope: CommandScope, name: string, params: Record<string, string>, body: Record<string, unknown>): SimCommand => ({
    scope,
    name,
    params,
    body: { branchId: b, ...body, occurredAt },
    key: `live${seed}:${name}:${id}`,
    at: now,
  });
  const choice = r.weighted({ ro: 10, lead: 4, sale: 3, parts: 3, accessory: 1 });
  if (choice === 'ro') {
    const ro = branch.open.length > 0 && r.chance(0.75) ? r.pick(branch.open) : undefined;
    if (!ro) {
      const repairOrderId = `${b}-LRO-${id}`;
      branch.open.push({ id: repairOrderId, labour: 0, parts: 0 });
      return cmd(
        'workshop',
        'OpenRepairOrder',
        { repairOrderId },
        {
          intakeVisitId: `${b}-LV-${id}`,
          vin: vinFor(r, r.pick(plan.brands)),
          mileageKm: r.int(3_000, 150_000),
          advisorId: r.pick(staff.advisors),
          jobType: r.weighted({ maintenance: 6, repair: 3, body_paint: 1 }),
          payer: 'customer',
          complaint: 'walk-in service',
        },
      );
    }
    if (ro.labour === 0 || (ro.labour < 2 && r.chance(0.3))) {
      ro.labour++;
      const rate = toCents(labourRate(plan));
      const sold = r.int(3, 16) * 25;
      return cmd(
        'workshop',
        'PostLabourLine',
        { repairOrderId: ro.id },
        {
          lineId: `L${ro.labour}`,
          category: 'mechanical',
          soldHours: amountOfCents(BigInt(sold)),
          clockedHours: amountOfCents(BigInt(sold)),
          rate: amountOfCents(rate),
          technicianId: r.pick(staff.technicians),
          payer: 'customer',
          amount: money((BigInt(sold) * rate) / 100n),
        },
      );
    }
    if (ro.parts < 2 && r.chance(0.5)) {
      ro.parts++;
      const part = r.pick(PARTS);
      const unit = toCents(localPrice(plan, part.price));
      return cmd(
        'workshop',
        'IssuePartsToRepairOrder',
        { repairOrderId: ro.id },
        {
          lineId: `P${ro.parts}`,
          partNumber: part.partNumber,
          description: part.description,
          quantity: '1',
          genuine: true,
          unitPrice: amountOfCents(unit),
          payer: 'customer',
          amount: money(unit),
          cost: money(toCents(localPrice(plan, part.cost))),
        },
      );
    }
    branch.open.splice(branch.open.indexOf(ro), 1);
    branch.closed.push(ro.id);
    return cmd('workshop', 'CloseRepairOrder', { repairOrderId: ro.id }, {});
  }
  if (choice === 'lead' || (choice === 'sale' && branch.leads.length === 0 && branch.orders.length === 0)) {
    if (branch.closed.length > 0 && r.chance(0.4)) {
      const repairOrderId = branch.closed.shift()!;
      if (r.chance(0.5)) {
        return cmd(
          'workshop',
          'CompleteFollowUpCall',
          { followUpCallId: `${repairOrderId}-FU` },
          { repairOrderId, callerId: r.pick(staff.callers), reached: true, outcome: 'satisfied' },
        );
      }
      return cmd(
        'workshop',
        'RecordCsiSurveyResponse',
        { surveyId: `${repairOrderId}-SV` },
        {
          source: 'internal_call',
          kind: 'service',
          repairOrderId,
          answers: [{ questionId: 'overall', answer: String(r.int(7, 10)), min: '0', max: '10', weight: '1', overall: true }],
        },
      );
    }
    const leadId = `${b}-LL-${id}`;
    branch.leads.push(leadId);
    return cmd(
      'sales',
      'CreateLead',
      { leadId },
      {
        source: r.weighted({ walk_in: 3, phone: 2, online: 4, referral: 1 }),
        segment: 'individual',
        consultantId: r.pick(staff.consultants),
        modelOfInterest: r.pick(modelsOf(plan)).model,
      },
    );
  }
  if (choice === 'sale') {
    const order = branch.orders[0];
    if (order && (!order.paid || r.chance(0.5))) {
      if (!order.paid) {
        order.paid = true;
        return cmd('sales', 'ReceivePayment', { vehicleSaleId: order.id }, { kind: 'balance', amount: money(order.price) });
      }
      branch.orders.shift();
      const model = r.pick(modelsOf(plan));
      return cmd(
        'sales',
        'DeliverVehicle',
        { vehicleSaleId: order.id },
        {
          vin: vinFor(r, r.pick(plan.brands)),
          model: model.model,
          condition: 'new',
          consultantId: r.pick(staff.consultants),
          invoice: money(order.price),
          cost: money((order.price * 95n) / 100n),
        },
      );
    }
    const leadId = branch.leads.shift()!;
    if (r.chance(0.5)) {
      branch.leads.push(leadId);
      return cmd('sales', 'CompleteTestDrive', { leadId }, { model: r.pick(modelsOf(plan)).model, consultantId: r.pick(staff.consultants) });
    }
    const model = r.pick(modelsOf(plan));
    const price = (toCents(model.listGross) * 100n) / BigInt(100 + vat / 100);
    const vehicleSaleId = `${b}-LVS-${id}`;
    branch.orders.push({ id: vehicleSaleId, price, paid: false });
    return cmd(
      'sales',
      'SignOrder',
      { vehicleSaleId },
      {
        orderId: `${b}-LO-${id}`,
        leadId,
        model: model.model,
        condition: 'new',
        listPrice: money(price),
        transactionPrice: money(price),
        deposit: withVat(plan.currency, 0n, vat),
        finance: 'cash',
        consultantId: r.pick(staff.consultants),
        customerId: `${b}-LK-${id}`,
      },
    );
  }
  if (choice === 'parts') {
    const part = r.pick(PARTS);
    const onHand = branch.stock.get(part.partNumber) ?? 0;
    if (onHand < 2) {
      branch.stock.set(part.partNumber, onHand + 10);
      return cmd(
        'parts',
        'ReceiveParts',
        { receiptId: `${b}-LGR-${id}` },
        {
          supplierId: 'OEM-LIVE',
          partNumber: part.partNumber,
          quantity: '10',
          genuine: true,
          cost: money(toCents(localPrice(plan, part.cost)) * 10n),
        },
      );
    }
    const quantity = r.int(1, 2);
    branch.stock.set(part.partNumber, onHand - quantity);
    return cmd(
      'parts',
      'SellParts',
      { saleId: `${b}-LCS-${id}` },
      {
        customerType: 'retail',
        lines: [
          {
            partNumber: part.partNumber,
            quantity: String(quantity),
            genuine: true,
            amount: money(toCents(localPrice(plan, part.price)) * BigInt(quantity)),
            cost: money(toCents(localPrice(plan, part.cost)) * BigInt(quantity)),
          },
        ],
      },
    );
  }
  const accessory = r.pick(ACCESSORIES);
  return cmd(
    'parts',
    'SellAccessory',
    { accessorySaleId: `${b}-LAC-${id}` },
    {
      accessoryCode: accessory.code,
      description: accessory.description,
      quantity: '1',
      amount: money(toCents(localPrice(plan, accessory.price))),
      cost: money(toCents(localPrice(plan, accessory.cost))),
    },
  );
}
