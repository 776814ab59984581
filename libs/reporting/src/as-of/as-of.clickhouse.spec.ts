/**
 * The as-of marks on the embedded ClickHouse engine (docs/adr/0018-as-of-marks.md): the projector's
 * sink records the position of every event after its facts, the KPI month roll-up records what
 * each round consumed, a roll-up behind the facts states its own mark, and read-your-writes waits
 * for the very event asked for (or answers PROJECTION_BEHIND).
 */
import { EmbeddedClickHouseClient, MIGRATIONS_DIR, runClickHouseMigrations } from '@app/clickhouse';
import { DomainEvent } from '@app/contracts';
import { BadRequestException, ServiceUnavailableException } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { positionIncluded, projectorPosition, ROLLUP_KPI_MONTH, rollupPosition } from '@app/kpi';
import {
  ALL_PROJECTIONS,
  ALL_ROLLUPS,
  ClickHouseProjectionSink,
  KpiRollupRefresher,
  recomputeStaleRollups,
  refreshPendingKpiMonths,
  UniformBranchCalendar,
} from '@app/projections';
import { closed, envelope, RepairOrderInput, shanghai } from '@app/projections/testing';
import { parseMinPosition, ReadModelFreshness } from './read-model-freshness.service';

const RO = (id: string, visit: string, closedOn: string, net: string): RepairOrderInput => ({
  branchId: 'SH-01',
  repairOrderId: id,
  intakeVisitId: visit,
  jobType: 'repair',
  payer: 'customer',
  openedAt: shanghai(closedOn, '08:00'),
  closedAt: shanghai(closedOn, '17:00'),
  totals: { mechanical: net },
});

const org: DomainEvent[] = [
  envelope('RegionDefined', { regionId: 'EAST', name: 'East China' }),
  envelope(
    'BranchOpened',
    { branchId: 'SH-01', name: 'Shanghai 4S', brands: ['Volkswagen'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2024-01-01' },
    { branchId: 'SH-01' },
  ),
  envelope('BranchRegionAssigned', { branchId: 'SH-01', regionId: 'EAST', effectiveFrom: '2024-01-01' }, { branchId: 'SH-01' }),
];

describe('as-of marks and read-your-writes (embedded ClickHouse)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'as-of-spec-'));
  let client: EmbeddedClickHouseClient;
  let sink: ClickHouseProjectionSink;
  let freshness: ReadModelFreshness;
  const previousWait = process.env.READ_YOUR_WRITES_MAX_WAIT_MS;
  const third = closed(RO('RO-3', 'V3', '2026-01-14', '500.00'));

  const serviceRevenue = async (from: 'facts' | 'rollup'): Promise<string> => {
    const sql =
      from === 'facts'
        ? "SELECT toString(sum(total_net * sign)) AS v FROM fact_service_revenue FINAL WHERE branch_id = 'SH-01'"
        : `SELECT toString(sum(num)) AS v FROM ${ROLLUP_KPI_MONTH} FINAL WHERE kpi = 'service_revenue' AND view = 'restated' AND branch_id = 'SH-01'`;
    const [row] = await client.query<{ v: string }>(sql);
    return row?.v ?? '';
  };

  beforeAll(async () => {
    process.env.READ_YOUR_WRITES_MAX_WAIT_MS = '5000';
    client = await EmbeddedClickHouseClient.open({ dataDir, database: 'as_of_spec' });
    await runClickHouseMigrations(client, MIGRATIONS_DIR, { logger: { log: () => undefined, warn: () => undefined } });
    await recomputeStaleRollups(client, ALL_ROLLUPS); // the roll-up holds the current definition, as the projector leaves it
    sink = new ClickHouseProjectionSink(
      client,
      ALL_PROJECTIONS,
      { calendar: new UniformBranchCalendar({ timeZone: 'Asia/Shanghai', cutoffMinutes: 0 }) },
      ALL_ROLLUPS,
      { recordPositions: true },
    );
    freshness = new ReadModelFreshness(client);
  });

  afterAll(async () => {
    if (previousWait === undefined) delete process.env.READ_YOUR_WRITES_MAX_WAIT_MS;
    else process.env.READ_YOUR_WRITES_MAX_WAIT_MS = previousWait;
    await client?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('says nothing is projected yet on an empty read model, without a lag it cannot know', async () => {
    await expect(freshness.mark('facts')).resolves.toEqual({
      readModel: 'facts',
      position: null,
      recordedAt: null,
      lag: { events: null, seconds: null },
      storeHead: null,
    });
    await expect(rollupPosition(client, ROLLUP_KPI_MONTH)).resolves.toEqual({ position: null, recordedAt: null });
  });

  it('marks the facts with the last event written and the roll-up with what its round consumed', async () => {
    const first = closed(RO('RO-1', 'V1', '2026-01-04', '1000.00'));
    await sink.write([...org, first]);
    expect((await projectorPosition(client)).position).toBe(first.globalPosition);
    expect(await positionIncluded(client, first.globalPosition)).toBe(true);
    // Facts in, the roll-up's round not run yet: the roll-up does not include the event.
    expect(await positionIncluded(client, first.globalPosition, ROLLUP_KPI_MONTH)).toBe(false);
    await refreshPendingKpiMonths(client);
    expect(await positionIncluded(client, first.globalPosition, ROLLUP_KPI_MONTH)).toBe(true);
    await expect(rollupPosition(client, ROLLUP_KPI_MONTH)).resolves.toEqual({ position: first.globalPosition, recordedAt: first.recordedAt });
    await expect(freshness.prepare(undefined, 'kpi-month-rollup')).resolves.toMatchObject({ readModel: 'kpi-month-rollup', position: first.globalPosition });
  });

  it("states the roll-up's own mark while the roll-up lags behind the facts, and the facts' mark for a facts read", async () => {
    const rolledUp = (await rollupPosition(client, ROLLUP_KPI_MONTH)).position;
    const second = closed(RO('RO-2', 'V2', '2026-01-12', '1500.00'));
    await sink.write([second]);
    // The facts have the second RO; the roll-up (what the scorecard reads) does not yet.
    expect(await serviceRevenue('facts')).toBe('2500');
    expect(await serviceRevenue('rollup')).toBe('1000');
    await expect(freshness.prepare(undefined, 'kpi-month-rollup')).resolves.toMatchObject({ readModel: 'kpi-month-rollup', position: rolledUp });
    await expect(freshness.prepare(undefined, 'facts')).resolves.toMatchObject({
      readModel: 'facts',
      position: second.globalPosition,
      recordedAt: second.recordedAt,
    });
    const [status] = await client.query<{ model: string; position: string }>(
      "SELECT model, toString(position) AS position FROM bi_projection_status WHERE model = 'kpi_month_rollup'",
    );
    expect(status).toEqual({ model: 'kpi_month_rollup', position: rolledUp });
  });

  it('answers PROJECTION_BEHIND with the current mark when the roll-up does not reach the position in the bounded wait', async () => {
    const position = (await projectorPosition(client)).position!;
    // A facts read includes it at once.
    await expect(freshness.prepare(position, 'facts')).resolves.toMatchObject({ position });
    process.env.READ_YOUR_WRITES_MAX_WAIT_MS = '300';
    const impatient = new ReadModelFreshness(client);
    process.env.READ_YOUR_WRITES_MAX_WAIT_MS = '5000';
    const started = Date.now();
    const behind = await impatient.prepare(position, 'kpi-month-rollup').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(behind).toBeInstanceOf(ServiceUnavailableException);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    const body = (behind as ServiceUnavailableException).getResponse() as {
      code: string;
      minPosition: string;
      asOf: { position: string; readModel: string };
      retryAfterSeconds: number;
    };
    expect(body).toMatchObject({ code: 'PROJECTION_BEHIND', minPosition: position, asOf: { readModel: 'kpi-month-rollup' }, retryAfterSeconds: 2 });
    expect(body.asOf.position).not.toBe(position);
  });

  it('goes on as soon as the roll-up round includes the position (read-your-writes without polling figures)', async () => {
    // `third` has a lower position than RO-2's event yet arrives after it (as partitions consumed
    // side by side deliver): the wait checks that very event, not the mark.
    await sink.write([third]);
    const waiting = freshness.prepare(third.globalPosition, 'kpi-month-rollup');
    await refreshPendingKpiMonths(client);
    const mark = (await projectorPosition(client)).position;
    expect(BigInt(mark!)).toBeGreaterThan(BigInt(third.globalPosition));
    await expect(waiting).resolves.toMatchObject({ readModel: 'kpi-month-rollup', position: mark });
    expect(await serviceRevenue('rollup')).toBe('3000');
  });

  it("asks the process's roll-up refresher for a round now instead of waiting out its pause", async () => {
    const refresher = new KpiRollupRefresher(client, { intervalMs: 600_000 }); // a round every ten minutes, unless asked
    refresher.start();
    try {
      const fourth = closed(RO('RO-4', 'V4', '2026-01-20', '0.00'));
      await sink.write([fourth]);
      const started = Date.now();
      await expect(freshness.prepare(fourth.globalPosition, 'kpi-month-rollup')).resolves.toMatchObject({ readModel: 'kpi-month-rollup' });
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await positionIncluded(client, fourth.globalPosition, ROLLUP_KPI_MONTH)).toBe(true);
    } finally {
      await refresher.stop();
    }
  });

  it('keeps the marks under redelivery of a batch', async () => {
    const before = await projectorPosition(client);
    await sink.write([third]);
    expect(await projectorPosition(client)).toMatchObject({ position: before.position, recordedAt: before.recordedAt });
    expect(await positionIncluded(client, third.globalPosition, ROLLUP_KPI_MONTH)).toBe(true);
    expect(await serviceRevenue('facts')).toBe('3000');
  });

  it('validates minPosition: one positive whole number of at most 2^63 − 1', () => {
    expect(parseMinPosition(undefined)).toBeUndefined();
    expect(parseMinPosition('1042')).toBe('1042');
    expect(parseMinPosition('9223372036854775807')).toBe('9223372036854775807');
    for (const bad of ['', '0', '-1', '1.5', '1e3', 'abc', ' 12', '012', '9223372036854775808', '99999999999999999999', ['1', '2'], 12]) {
      expect(() => parseMinPosition(bad)).toThrow(BadRequestException);
    }
  });
});
