import { CSI_SOURCES } from '@app/contracts';
import { Locale } from '../catalogue/kpi-definition';

/**
 * The dimensions a KPI can be broken down and filtered by, besides the org levels (group, region,
 * branch). Each catalogue KPI supports the dimensions its facts carry (kpi-sources.ts declares the
 * SQL of each). A breakdown obeys the same rules as the whole: every value's numerator and
 * denominator come from the same facts, rates are Σ ÷ Σ, money is in the currency asked.
 *
 * People are attributed as of the event: the consultant on the order (a delivery is credited to the
 * consultant of the order it fulfils), the advisor who opened the RO, the technician on each labour
 * line (hours, labour revenue and efficiency split line by line); a count of ROs by technician counts
 * an RO for each technician on it, and a comeback is charged to the original RO's technicians (the
 * rework denominator is the original ROs).
 *
 * The brand of a fact is the brand head office's model catalogue gives its model on its business
 * date (ModelBrandAssigned; docs/adr/0030-brand-dimension.md); a model with no brand then shows as
 * `unassigned` (UNASSIGNED_BRAND), so a breakdown by brand still adds up to the whole.
 */
export const DIMENSION_IDS = [
  'consultant',
  'advisor',
  'technician',
  'model',
  'brand',
  'market_segment',
  'vehicle_condition',
  'customer_segment',
  'lead_source',
  'referrer',
  'finance',
  'payer',
  'job_type',
  'labour_category',
  'service_segment',
  'survey_source',
  'complaint_category',
  'complaint_channel',
  'parts_customer_type',
  'parts_channel',
  'supplier',
  'genuine',
  'department',
  'territory',
] as const;
export type DimensionId = (typeof DIMENSION_IDS)[number];

export interface DimensionDefinition {
  readonly id: DimensionId;
  readonly labels: Readonly<Record<Locale, string>>;
  /**
   * How a fact is attributed: `single` — one value per fact, so the values of a breakdown add up to
   * the whole (Σ numerators and Σ denominators); `multiple` — a fact may carry several values (an
   * RO worked by two technicians counts for each), so the values do not add up to the whole.
   */
  readonly attribution: 'single' | 'multiple';
  /** The org grain a target at this dimension is set at (targets are read at their own grain, never derived). */
  readonly targetGrain?: 'person' | 'department' | 'model' | 'segment';
}

const d = (id: DimensionId, en: string, zh: string, es: string, extra: Partial<DimensionDefinition> = {}): DimensionDefinition => ({
  id,
  labels: { en, 'zh-CN': zh, es },
  attribution: 'single',
  ...extra,
});

export const DIMENSIONS: readonly DimensionDefinition[] = [
  d('consultant', 'Sales consultant', '销售顾问', 'Asesor de ventas', { targetGrain: 'person' }),
  d('advisor', 'Service advisor', '服务顾问', 'Asesor de servicio', { targetGrain: 'person' }),
  d('technician', 'Technician', '技师', 'Técnico', { targetGrain: 'person', attribution: 'multiple' }),
  d('model', 'Vehicle model', '车型', 'Modelo', { targetGrain: 'model' }),
  d('brand', 'Brand', '品牌', 'Marca'),
  d('market_segment', 'Market segment', '细分市场', 'Segmento de mercado'),
  d('vehicle_condition', 'New / used', '新车 / 二手车', 'Nuevo / usado'),
  d('customer_segment', 'Customer segment', '客户类型', 'Segmento de cliente', { targetGrain: 'segment' }),
  d('lead_source', 'Lead source', '线索来源', 'Origen del contacto'),
  d('referrer', 'Referring customer', '转介绍人', 'Cliente que recomienda'),
  d('finance', 'Finance', '付款方式', 'Financiación'),
  d('payer', 'Payer', '付费方', 'Pagador'),
  d('job_type', 'Job type', '工单类型', 'Tipo de trabajo'),
  d('labour_category', 'Labour category', '工时类别', 'Categoría de mano de obra'),
  d('service_segment', 'Service segment', '售后业务类型', 'Segmento de taller', { targetGrain: 'segment' }),
  d('survey_source', 'Survey source', '调查来源', 'Origen de la encuesta'),
  d('complaint_category', 'Complaint category', '投诉类别', 'Categoría de la queja'),
  d('complaint_channel', 'Complaint channel', '投诉渠道', 'Canal de la queja'),
  d('parts_customer_type', 'Parts customer type', '配件客户类型', 'Tipo de cliente de recambios'),
  d('parts_channel', 'Parts channel (counter / workshop)', '配件需求渠道（柜台 / 车间）', 'Canal de recambios (mostrador / taller)'),
  d('supplier', 'Supplier', '供应商', 'Proveedor'),
  d('genuine', 'Genuine parts', '原厂件', 'Recambio original'),
  d('department', 'Department', '部门', 'Departamento', { targetGrain: 'department' }),
  d('territory', 'Territory owner', '属地门店', 'Titular del territorio'),
];

const byId = new Map(DIMENSIONS.map((x) => [x.id, x]));

export function dimensionById(id: string): DimensionDefinition | undefined {
  return byId.get(id as DimensionId);
}

export function dimensionLabel(id: DimensionId, locale: Locale): string {
  return byId.get(id)?.labels[locale] ?? id;
}

/**
 * How a component query reads a dimension:
 * - a SQL expression over its fact alias (`f.model`), or
 * - an expression with the joins it needs (joined only when the dimension is asked), or
 * - `array`: an array of values per fact (the technicians of an RO): a breakdown counts the fact for
 *   each value, a filter keeps the facts with any of the values asked (each fact once), or
 * - `broadcast`: the component's facts have no such dimension but belong to every value (the closed
 *   ROs behind a per-source response rate are the denominator of each survey source).
 */
export type DimensionSql =
  | string
  | { readonly sql: string; readonly joins: readonly DimensionJoin[] }
  | { readonly array: string; readonly joins?: readonly DimensionJoin[] }
  | { readonly broadcast: readonly string[] };

/** A named join a dimension needs (named so two dimensions needing it join it once). */
export interface DimensionJoin {
  readonly name: string;
  readonly sql: string;
}

export type DimensionMap = Partial<Readonly<Record<DimensionId, DimensionSql>>>;

/** The CSI survey sources: every source's response rate has the same closed ROs as denominator. */
export const SURVEY_SOURCES: readonly string[] = CSI_SOURCES;

/** What a query breaks down by and filters on. */
export interface DimensionQuery {
  /** Break the figures down by this dimension: one point per value. */
  readonly by?: DimensionId;
  /** Only facts whose dimension value is one of these (per dimension; all must hold). */
  readonly filters?: Partial<Readonly<Record<DimensionId, readonly string[]>>>;
}

export class UnsupportedDimensionError extends RangeError {}

/** The dimensions a query uses (the breakdown and the filters). */
export function dimensionsUsed(query: DimensionQuery): DimensionId[] {
  return [...new Set([...(query.by ? [query.by] : []), ...(Object.keys(query.filters ?? {}) as DimensionId[])])];
}

/** The bound parameter holding a filter's values. */
export const filterParam = (id: DimensionId): string => `dim_${id}`;
