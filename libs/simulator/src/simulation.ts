import { EventMetadata } from '@app/contracts';
import { INestApplicationContext } from '@nestjs/common';
import { BRANCHES, LATE_OPENING, modelsOf, REGION_MOVE, REGIONS, SIZE_FACTOR, BASE_VOLUMES, vatOf } from './catalogue';
import { generateCloses, MonthClose } from './closes.generator';
import { ExecutionCounts, SimulationExecutor } from './executor';
import { generateOrg, SimulatedBranch } from './org.generator';
import { generateParts, TransferPeer, TransferReceipt } from './parts.generator';
import { BranchContext, BranchTimeline, SimCommand, staffOf } from './plan';
import { Random } from './random';
import { generateSales } from './sales.generator';
import { addMonths, isMonth, lastCompleteMonth, monthRange, zonedInstant } from './time';
import { VehiclePool } from './vehicles';
import { generateWorkshop } from './workshop.generator';

export interface SimulationOptions {
  seed: number;
  /** How many branches of the catalogue (1–24), in its order. */
  branches: number;
  /** Months of history, ending with `endMonth`. */
  months: number;
  /** Volume factor: 1 = a real dealer's volumes (a medium store ~80 deliveries and ~650 workshop intakes a month). */
  scale: number;
  /** YYYY-MM, default the last complete month before today. */
  endMonth?: string;
  /** Branches simulated side by side (default 8: the first start measured 166 s with 8, 208 s with 4; the pool has 10 connections). */
  concurrency?: number;
  /** Stops between two batches of commands when aborted; a run with the same options later resumes (its keys skip what is in). */
  signal?: AbortSignal;
}

export interface SimulationProgress {
  done: number;
  total: number;
  phase: string;
}

export interface SimulationSummary {
  /** Commands sent (each through the real command path). */
  commands: number;
  /** Events the commands' answers name (on a re-run with the same options: the replayed answers' events, appended by the first run). */
  events: number;
  branches: string[];
  regions: string[];
  fromMonth: string;
  toMonth: string;
  elapsedMs: number;
  /** Commands answered from their idempotency key: recorded by an earlier run, not again now. */
  replayed: number;
}

/**
 * The default size: the group of 4 regions and 24 branches with 24 months of history.
 * `scale` 0.02 (~66 k commands) keeps a first start around 3 minutes on a 2-core development
 * machine; 0.05 (~157 k) took 7.8 minutes there, and 1 (a real group's volume, ~3 M commands)
 * would take hours (libs/simulator/README.md has the measured figures).
 */
export const DEFAULT_SIMULATION_OPTIONS: Readonly<SimulationOptions> = { seed: 42, branches: 24, months: 24, scale: 0.02 };

export const MAX_BRANCHES = BRANCHES.length;

/** The options checked, with `endMonth` resolved against `now`. */
export type ResolvedSimulationOptions = Required<Omit<SimulationOptions, 'signal'>>;

export function resolveSimulationOptions(options: SimulationOptions, now = new Date()): ResolvedSimulationOptions {
  const problems: string[] = [];
  if (!Number.isSafeInteger(options.seed)) problems.push('seed must be an integer');
  if (!Number.isInteger(options.branches) || options.branches < 1 || options.branches > MAX_BRANCHES)
    problems.push(`branches must be an integer from 1 to ${MAX_BRANCHES}`);
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > 120) problems.push('months must be an integer from 1 to 120');
  if (!(options.scale > 0 && options.scale <= 10)) problems.push('scale must be a number above 0 and at most 10');
  const latest = lastCompleteMonth(now);
  const endMonth = options.endMonth ?? latest;
  if (!isMonth(endMonth)) problems.push('endMonth must be a month such as 2026-01');
  else if (endMonth > latest) problems.push(`endMonth must be a complete month, ${latest} or earlier: events may not be in the future`);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) problems.push('concurrency must be an integer from 1 to 32');
  if (problems.length > 0) throw new RangeError(`invalid simulation options: ${problems.join('; ')}`);
  return { seed: options.seed, branches: options.branches, months: options.months, scale: options.scale, endMonth, concurrency };
}

export interface SimulationPlan {
  readonly options: ResolvedSimulationOptions;
  readonly months: readonly string[];
  readonly regions: readonly string[];
  readonly org: readonly SimCommand[];
  readonly branches: readonly SimulatedBranch[];
  /** Every month but the last is closed once its business is in; late events of it follow the close. */
  readonly closes: readonly MonthClose[];
  readonly total: number;
}

/** Every command of the simulation, generated up front (deterministic for the same options). */
export function planSimulation(input: SimulationOptions, now = new Date()): SimulationPlan {
  const steps = planSteps(input, now);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same plan, letting the event loop run between two branches (a server stays responsive meanwhile). */
async function planSimulationAsync(input: SimulationOptions, now = new Date()): Promise<SimulationPlan> {
  const steps = planSteps(input, now);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

function* planSteps(input: SimulationOptions, now: Date): Generator<void, SimulationPlan> {
  const options = resolveSimulationOptions(input, now);
  const toMonth = options.endMonth;
  const fromMonth = addMonths(toMonth, -(options.months - 1));
  const months = monthRange(fromMonth, toMonth);
  const root = new Random(options.seed);
  const selected = BRANCHES.slice(0, options.branches);
  const regionIds = new Set(selected.map((b) => b.regionId));
  if (selected.some((b) => b.branchId === REGION_MOVE.branchId) && options.months > REGION_MOVE.afterMonths) regionIds.add(REGION_MOVE.toRegionId);
  const regions = REGIONS.filter((r) => regionIds.has(r.regionId));

  const branches: SimulatedBranch[] = selected.map((plan, index) => {
    const late = plan.branchId === LATE_OPENING.branchId && options.months > LATE_OPENING.afterMonths;
    const firstMonth = late ? addMonths(fromMonth, LATE_OPENING.afterMonths) : fromMonth;
    const openedOn = late ? `${firstMonth}-01` : `${Number(fromMonth.slice(0, 4)) - 2 - (index % 7)}-${String((index % 9) + 3).padStart(2, '0')}-01`;
    const start = zonedInstant(`${firstMonth}-01`, plan.cutoffMinutes, plan.timeZone);
    const end = zonedInstant(`${addMonths(toMonth, 1)}-01`, plan.cutoffMinutes, plan.timeZone);
    return { plan, staff: staffOf(plan), firstMonth, openedOn, timeline: new BranchTimeline(plan, options.seed, start, end) };
  });

  const receipts: TransferReceipt[] = [];
  for (const branch of branches) {
    const { plan } = branch;
    const rng = root.fork(plan.branchId);
    const ctx: BranchContext = {
      branch: plan,
      staff: branch.staff,
      scale: options.scale,
      months: monthRange(branch.firstMonth, toMonth),
      timeline: branch.timeline,
      vat: vatOf(plan),
    };
    const fleet = Math.max(40, Math.round(BASE_VOLUMES.intakes * SIZE_FACTOR[plan.size] * options.scale * 4));
    const pool = new VehiclePool(
      plan,
      rng.fork('fleet'),
      fleet,
      modelsOf(plan).map((m) => m.model),
    );
    const deliveries = generateSales(ctx, rng.fork('sales'), pool);
    generateWorkshop(ctx, rng.fork('workshop'), pool, deliveries);
    const peers: TransferPeer[] = branches
      .filter((other) => other !== branch && other.plan.currency === plan.currency)
      .map((other) => ({
        branchId: other.plan.branchId,
        firstMonth: other.firstMonth,
        at: (date, hour) => zonedInstant(date, Math.round(hour * 60), other.plan.timeZone),
      }));
    receipts.push(...generateParts(ctx, rng.fork('parts'), peers));
    yield;
  }
  for (const receipt of receipts) {
    const to = branches.find((b) => b.plan.branchId === receipt.toBranchId);
    to?.timeline.add(
      'parts',
      'ReceiveTransfer',
      { transferId: receipt.transferId },
      {
        branchId: receipt.toBranchId,
        fromBranchId: receipt.fromBranchId,
        lines: receipt.lines.map((l) => ({ ...l })),
        occurredAt: new Date(receipt.at).toISOString(),
      },
      `${receipt.fromBranchId}:${receipt.transferId}`,
      receipt.at,
    );
  }
  for (const branch of branches) branch.timeline.commands.sort((a, b) => a.at - b.at);
  const org = generateOrg({ seed: options.seed, rng: root.fork('org'), regions, branches, months, scale: options.scale });
  const closes = generateCloses({ seed: options.seed, rng: root.fork('closes'), branches, months });
  const total = org.length + branches.reduce((sum, b) => sum + b.timeline.commands.length, 0) + closes.reduce((sum, c) => sum + c.commands.length, 0);
  return { options, months, regions: regions.map((r) => r.regionId), org, branches, closes, total };
}

function metadataOf(seed: number, phase: string): Pick<EventMetadata, 'correlationId' | 'causationId'> {
  return { correlationId: `simulation-${seed}-${phase}`, causationId: null };
}

/**
 * Builds the dealer group and its history through the real command handlers of `app` (a Nest
 * application or context with the org, sales, workshop and parts modules): head office first,
 * then month by month, the branches side by side (`concurrency`), each branch's commands in time
 * order, each month but the last closed after its business (and a late delivery synced into it). Deterministic for the same options; idempotency keys derive from the seed and the
 * command, so running it again with the same options replays the answers and appends nothing.
 */
export async function runSimulation(
  app: INestApplicationContext,
  options: SimulationOptions,
  onProgress?: (p: SimulationProgress) => void,
): Promise<SimulationSummary> {
  const started = Date.now();
  const plan = await planSimulationAsync(options);
  const executor = new SimulationExecutor(app, options.signal);
  const counts: ExecutionCounts = { commands: 0, events: 0, replayed: 0 };
  let done = 0;
  const add = (c: ExecutionCounts) => {
    counts.commands += c.commands;
    counts.events += c.events;
    counts.replayed += c.replayed;
  };
  const progress = (phase: string) => (n: number) => {
    done += n;
    onProgress?.({ done, total: plan.total, phase });
  };
  onProgress?.({ done, total: plan.total, phase: 'head office' });
  add(await executor.execute(plan.org, metadataOf(plan.options.seed, 'head-office'), progress('head office')));

  const cursors = new Map(plan.branches.map((b) => [b.plan.branchId, 0]));
  for (const [index, month] of plan.months.entries()) {
    // Month buckets in UTC: every dependency (a transfer received by another branch) lies in a later bucket.
    const bucketEnd = index === plan.months.length - 1 ? Number.POSITIVE_INFINITY : Date.parse(`${addMonths(month, 1)}-01T00:00:00Z`);
    const slices = plan.branches.map((b) => {
      const from = cursors.get(b.plan.branchId) ?? 0;
      let to = from;
      while (to < b.timeline.commands.length && b.timeline.commands[to]!.at < bucketEnd) to++;
      cursors.set(b.plan.branchId, to);
      return { branchId: b.plan.branchId, commands: b.timeline.commands.slice(from, to) };
    });
    const queue = slices.filter((s) => s.commands.length > 0);
    let failure: Error | undefined;
    const worker = async () => {
      for (let slice = queue.shift(); slice && failure === undefined; slice = queue.shift()) {
        try {
          add(await executor.execute(slice.commands, metadataOf(plan.options.seed, `${month}-${slice.branchId}`), progress(month)));
        } catch (error) {
          failure ??= error instanceof Error ? error : new Error(String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(plan.options.concurrency, queue.length) }, worker));
    if (failure !== undefined) throw failure;
    // Head office closes the month once its business is in; what a DMS syncs late then restates it.
    const close = plan.closes.find((c) => c.month === month);
    if (close) add(await executor.execute(close.commands, metadataOf(plan.options.seed, `${month}-close`), progress(month)));
  }
  return {
    commands: counts.commands,
    events: counts.events,
    replayed: counts.replayed,
    branches: plan.branches.map((b) => b.plan.branchId),
    regions: [...plan.regions],
    fromMonth: plan.months[0]!,
    toMonth: plan.months[plan.months.length - 1]!,
    elapsedMs: Date.now() - started,
  };
}
