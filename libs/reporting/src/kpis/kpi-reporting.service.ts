import { AccessScope, OutOfScopeException, ResolvedScope } from '@app/auth';
import { CLICKHOUSE_CLIENT, ClickHouseClient } from '@app/clickhouse';
import {
  addDays,
  addMonths,
  Bucket,
  bucketEnd,
  bucketStart,
  DimensionId,
  groupCurrency,
  dimensionLabel,
  isMeasuredKpi,
  kpiById,
  kpiLabel,
  KpiLineage,
  kpiLineage,
  kpiReport,
  KpiReportPoint,
  Locale,
  MissingExchangeRateError,
  UnknownKpiError,
  UnsupportedBucketError,
  UnsupportedDimensionError,
  UnsupportedLineageError,
} from '@app/kpi';
import { outcomeOf, reportQueryDuration, secondsSince } from '@app/observability';
import { BadRequestException, HttpStatus, Inject, Injectable, NotFoundException, Optional, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { loadOrgUnits, OrgUnits } from './org-units';

export type Level = 'group' | 'region' | 'branch';

/** A bucket of the engine, or `range`: one figure for the whole range. */
export type Grain = Bucket | 'range';

export interface SeriesRequest {
  readonly kpiId: string;
  readonly from?: string;
  readonly to?: string;
  readonly grain: Grain;
  readonly level: Level;
  readonly regionId?: string;
  readonly branchId?: string;
  readonly currency: 'group' | 'branch';
  readonly view: 'as-closed' | 'restated';
  readonly locale: Locale;
  /** Break the KPI down by this dimension. */
  readonly by?: DimensionId;
  /** Only facts with these dimension values. */
  readonly filters?: Partial<Record<DimensionId, string[]>>;
}

export interface NamedPoint extends KpiReportPoint {
  readonly unitName: string;
}

export interface SeriesResponse {
  readonly kpi: { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean; readonly rollUp: string };
  readonly query: {
    readonly from: string;
    readonly to: string;
    readonly grain: Grain;
    readonly groupBy: Level;
    readonly regionId: string | null;
    readonly branchId: string | null;
    readonly currency: 'group' | 'branch';
    readonly view: 'as-closed' | 'restated';
    readonly by: { readonly id: DimensionId; readonly label: string } | null;
    readonly filters: Partial<Record<DimensionId, string[]>>;
  };
  readonly points: NamedPoint[];
}

export interface LineageRequest {
  readonly kpiId: string;
  readonly grain: Grain;
  readonly level: Level;
  readonly unitId: string;
  readonly periodStart: string;
  /** grain range: the range's last month or day. */
  readonly periodEnd?: string;
  readonly by?: DimensionId;
  readonly dimensionValue?: string;
  readonly filters?: Partial<Record<DimensionId, string[]>>;
  readonly currency: 'group' | 'branch';
  readonly pointCurrency?: string;
  readonly view: 'as-closed' | 'restated';
  readonly page: number;
  readonly pageSize: number;
  readonly locale: Locale;
}

export type LineageResponse = Omit<KpiLineage, 'facts'> & {
  readonly kpi: { readonly id: string; readonly label: string; readonly unit: string; readonly higherIsBetter: boolean; readonly rollUp: string };
  readonly facts: (KpiLineage['facts'][number] & { readonly streamId: string | null })[];
};

/** The reports the KPI engine is timed by (`report` label of `dealer_kpi_report_query_duration_seconds`). */
export type ReportName =
  'kpi-series' | 'kpi-lineage' | 'scorecard' | 'scorecard-ranks' | 'league-table' | 'monthly-summary' | 'monthly-summary-ranks' | 'monthly-summary-trend';

/** Where a request may look, after the caller's scope: the engine's branch and region filters. */
export interface ScopedUnits {
  readonly branchIds?: readonly string[];
  readonly regionIds?: readonly string[];
  /** The scope leaves nothing to show (e.g. a region manager whose regions have no branch yet). */
  readonly empty: boolean;
}

const MAX_DAYS = 366;
const MAX_YEARS = 10;

const badRequest = (code: string, message: string, field?: string) =>
  new BadRequestException({ statusCode: HttpStatus.BAD_REQUEST, code, message, ...(field ? { errors: [{ field, messages: [message] }] } : {}) });

/**
 * The reporting read side over the KPI engine: checks the caller's scope on the server for every
 * read (group figures for head office only; a region's figures for its managers; branch figures
 * for the branches in scope), validates ranges, and names the units.
 */
@Injectable()
export class KpiReportingService {
  constructor(
    @Inject(CLICKHOUSE_CLIENT) readonly clickhouse: ClickHouseClient,
    readonly access: AccessScope,
    /** The event store, where this process has it: the stream of each fact a lineage lists. */
    @Optional() private readonly store?: DataSource,
  ) {}

  /** The engine filters a request may use, or 403 when it asks outside the scope. */
  scopeUnits(scope: ResolvedScope, level: Level, regionId: string | undefined, branchId: string | undefined): ScopedUnits {
    if (level === 'group') this.access.assertGroup(scope);
    if (level === 'region') {
      if (regionId !== undefined) this.access.assertRegion(scope, regionId);
      else if (!scope.all && scope.regions.length === 0) throw new OutOfScopeException('region figures are for head office and region managers');
    }
    const regionIds = regionId !== undefined ? [regionId] : level === 'region' && !scope.all ? scope.regions : undefined;
    if (branchId !== undefined) {
      this.access.assertBranch(scope, branchId);
      return { branchIds: [branchId], regionIds, empty: false };
    }
    // Region figures are whole regions (every branch while it belonged there); branch rows only in scope.
    const allowed = level === 'branch' ? this.access.branchFilter(scope) : undefined;
    return { branchIds: allowed, regionIds, empty: allowed !== undefined && allowed.length === 0 };
  }

  /**
   * `[from, to]` business dates of a request, snapped to whole periods; defaults: the last 12 months.
   * Grain range: the days asked (a month from its first to its last day); default year to date.
   */
  range(grain: Grain, from: string | undefined, to: string | undefined, now: Date): { from: string; to: string } {
    const toDay =
      to === undefined ? addDays(addMonths(`${now.toISOString().slice(0, 7)}-01`, 1), -1) : to.length === 7 ? addDays(addMonths(`${to}-01`, 1), -1) : to;
    const fromDay =
      from === undefined
        ? grain === 'range'
          ? `${toDay.slice(0, 4)}-01-01`
          : addMonths(`${toDay.slice(0, 7)}-01`, -11)
        : from.length === 7
          ? `${from}-01`
          : from;
    let start: string;
    let end: string;
    try {
      start = grain === 'range' ? fromDay : bucketStart(grain, fromDay);
      end = grain === 'range' ? toDay : bucketEnd(grain, bucketStart(grain, toDay));
    } catch {
      throw badRequest('VALIDATION_FAILED', `not a calendar date: ${from ?? ''}..${to ?? ''}`, 'from');
    }
    if (start > end) throw badRequest('VALIDATION_FAILED', 'from must not be after to', 'from');
    if (grain === 'day' && addDays(start, MAX_DAYS) <= end) throw badRequest('RANGE_TOO_LARGE', `grain day covers at most ${MAX_DAYS} days`, 'from');
    if (addMonths(start, 12 * MAX_YEARS) <= end) throw badRequest('RANGE_TOO_LARGE', `a report covers at most ${MAX_YEARS} years`, 'from');
    return { from: start, to: end };
  }

  /** The currency consolidated money is in (the `group_currency` setting in force today). */
  async groupCurrency(): Promise<string> {
    return groupCurrency(this.clickhouse);
  }

  async units(): Promise<OrgUnits> {
    return loadOrgUnits(this.clickhouse);
  }

  unitName(units: OrgUnits, level: Level, unitId: string, locale: Locale): string {
    if (level === 'group') return GROUP_LABEL[locale];
    if (level === 'region') return unitId === '' ? NO_REGION_LABEL[locale] : (units.regions.get(unitId) ?? unitId);
    return units.branches.get(unitId)?.name ?? unitId;
  }

  async series(scope: ResolvedScope, request: SeriesRequest, now = new Date()): Promise<SeriesResponse> {
    const kpi = kpiById(request.kpiId);
    if (!kpi)
      throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_KPI', message: `no KPI ${request.kpiId}; GET /api/v1/kpis lists them` });
    if (!isMeasuredKpi(kpi.id)) {
      throw badRequest('DERIVED_KPI', `${kpi.id} is derived from the other KPIs: read attainment, yearToDate, mom and yoy of the KPI it applies to`);
    }
    const { from, to } = this.range(request.grain, request.from, request.to, now);
    const scoped = this.scopeUnits(scope, request.level, request.regionId, request.branchId);
    const query = {
      from,
      to,
      grain: request.grain,
      groupBy: request.level,
      regionId: request.regionId ?? null,
      branchId: request.branchId ?? null,
      currency: request.currency,
      view: request.view,
      by: request.by ? { id: request.by, label: dimensionLabel(request.by, request.locale) } : null,
      filters: request.filters ?? {},
    };
    const kpiOut = { id: kpi.id, label: kpiLabel(kpi.id, request.locale), unit: kpi.unit, higherIsBetter: kpi.higherIsBetter, rollUp: kpi.rollUp };
    if (scoped.empty) return { kpi: kpiOut, query, points: [] };
    const [report, units] = await Promise.all([
      this.engine('kpi-series', () =>
        kpiReport(this.clickhouse, kpi.id, {
          from,
          to,
          bucket: request.grain === 'range' ? 'month' : request.grain,
          whole: request.grain === 'range',
          level: request.level,
          branchIds: scoped.branchIds,
          regionIds: scoped.regionIds,
          currency: request.currency,
          view: request.view,
          by: request.by,
          filters: request.filters,
          now,
        }),
      ),
      this.units(),
    ]);
    return { kpi: kpiOut, query, points: report.points.map((p) => ({ ...p, unitName: this.unitName(units, request.level, p.unitId, request.locale) })) };
  }

  /**
   * The facts behind one figure (a point of the KPI series with the same parameters), paged, under
   * the caller's scope: the unit itself must be in scope (its branch, its region, or the group).
   */
  async lineage(scope: ResolvedScope, request: LineageRequest, now = new Date()): Promise<LineageResponse> {
    const kpi = kpiById(request.kpiId);
    if (!kpi)
      throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_KPI', message: `no KPI ${request.kpiId}; GET /api/v1/kpis lists them` });
    if (!isMeasuredKpi(kpi.id)) throw badRequest('DERIVED_KPI', `${kpi.id} is derived from the other KPIs: explain the KPI it applies to`);
    if (request.grain === 'range' && request.periodEnd === undefined)
      throw badRequest('VALIDATION_FAILED', "periodEnd is required with grain range: the point's periodEnd", 'periodEnd');
    const { from, to } = this.range(request.grain, request.periodStart, request.grain === 'range' ? request.periodEnd : request.periodStart, now);
    if (request.level === 'group') {
      if (request.unitId !== 'group') throw badRequest('VALIDATION_FAILED', 'unitId must be group at group level', 'unitId');
      this.access.assertGroup(scope);
    } else if (request.level === 'region') this.access.assertRegion(scope, request.unitId);
    else this.access.assertBranch(scope, request.unitId);
    const result = await this.engine('kpi-lineage', () =>
      kpiLineage(
        this.clickhouse,
        kpi.id,
        {
          from,
          to,
          bucket: request.grain === 'range' ? 'month' : request.grain,
          whole: request.grain === 'range',
          level: request.level,
          branchIds: request.level === 'branch' ? [request.unitId] : undefined,
          regionIds: request.level === 'region' ? [request.unitId] : undefined,
          currency: request.currency,
          asClosed: request.view === 'as-closed',
          by: request.by,
          filters: request.filters,
          now,
        },
        { unitId: request.unitId, periodStart: from, dimensionValue: request.by ? (request.dimensionValue ?? '') : undefined, currency: request.pointCurrency },
        request.page,
        request.pageSize,
      ),
    );
    const streams = await this.streamsOf(result.facts.map((f) => f.eventId));
    return {
      kpi: { id: kpi.id, label: kpiLabel(kpi.id, request.locale), unit: kpi.unit, higherIsBetter: kpi.higherIsBetter, rollUp: kpi.rollUp },
      ...result,
      facts: result.facts.map((f) => ({ ...f, streamId: streams.get(f.eventId) ?? null })),
    };
  }

  /** The stream of each event, from the store when this process has it. */
  private async streamsOf(eventIds: readonly string[]): Promise<Map<string, string>> {
    const ids = eventIds.filter((id) => /^[0-9a-f-]{36}$/i.test(id));
    if (!this.store || ids.length === 0) return new Map();
    const rows: { event_id: string; stream_id: string }[] = await this.store.query(
      `SELECT event_id::text AS event_id, stream_id FROM events WHERE event_id = ANY($1::uuid[])`,
      [ids],
    );
    return new Map(rows.map((r) => [r.event_id, r.stream_id]));
  }

  /**
   * Runs the KPI engine for a report, timed in `dealer_kpi_report_query_duration_seconds{report}`.
   * Engine errors as HTTP answers: a grain the KPI has no meaning at is a 400, a missing rate a 422.
   */
  async engine<T>(report: ReportName, run: () => Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      const result = await run();
      reportQueryDuration.observe({ report, outcome: 'ok' }, secondsSince(started));
      return result;
    } catch (error) {
      const answer = engineErrorAnswer(error);
      reportQueryDuration.observe({ report, outcome: outcomeOf(answer) }, secondsSince(started));
      throw answer;
    }
  }
}

/** The HTTP answer of an engine error; anything else unchanged. */
function engineErrorAnswer(error: unknown): unknown {
  if (error instanceof UnsupportedBucketError) return badRequest('UNSUPPORTED_GRAIN', error.message);
  if (error instanceof UnsupportedLineageError) return badRequest('UNSUPPORTED_LINEAGE', error.message);
  if (error instanceof UnsupportedDimensionError)
    return badRequest('UNSUPPORTED_DIMENSION', `${error.message}; GET /api/v1/kpis lists the dimensions of each KPI`);
  if (error instanceof UnknownKpiError) return new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'UNKNOWN_KPI', message: error.message });
  if (error instanceof MissingExchangeRateError) {
    return new UnprocessableEntityException({
      statusCode: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'MISSING_EXCHANGE_RATE',
      message: `${error.message}; head office sets it with SetExchangeRate`,
    });
  }
  return error;
}

export const GROUP_LABEL: Record<Locale, string> = { 'zh-CN': '集团', es: 'Grupo', en: 'Group' };
export const NO_REGION_LABEL: Record<Locale, string> = { 'zh-CN': '未分配大区', es: 'Sin región', en: 'No region' };
