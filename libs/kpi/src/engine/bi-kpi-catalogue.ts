import { KPI_CATALOGUE } from '../catalogue';
import { KpiDefinition, KpiUnit } from '../catalogue/kpi-definition';
import { ROLLUP_KPIS } from './kpi-rollup';
import { KPI_SOURCES } from './kpi-sources';

/**
 * The KPI catalogue as BI sees it (view `bi_kpis`, migration 0017): what an analyst needs to turn
 * the month roll-up's numerator and denominator into the engine's value, and to label it. The
 * migration holds these rows as literals (ClickHouse cannot read the TypeScript catalogue); the BI
 * spec compares them with this function, so a catalogue change without a new migration fails CI.
 */
export interface BiKpiRow {
  readonly kpi: string;
  readonly area: string;
  readonly unit: KpiUnit;
  readonly roll_up: string;
  /** Decimal places of the value (the engine's scale for the unit). */
  readonly scale: number;
  /** The value is num ÷ den ÷ this (then × 100 for a percent). */
  readonly value_divisor: string;
  /** 1 when the numerator / denominator is money in the branch currency. */
  readonly money_num: number;
  readonly money_den: number;
  /** 1 when the KPI month roll-up (and so `bi_kpi_month`) holds it. */
  readonly in_rollup: number;
  readonly label_en: string;
  readonly label_zh: string;
  readonly label_es: string;
}

/** The value's decimal places per unit (kpi-engine.ts kpiValue). */
export const BI_UNIT_SCALE: Readonly<Record<KpiUnit, number>> = {
  money: 2,
  percent: 2,
  count: 0,
  hours: 2,
  money_per_hour: 2,
  money_per_unit: 2,
  score: 2,
  days: 1,
  per_customer: 2,
};

function row(definition: KpiDefinition): BiKpiRow {
  const source = KPI_SOURCES[definition.id];
  return {
    kpi: definition.id,
    area: definition.area,
    unit: definition.unit,
    // A distinct count (customer base) is recomputed from the facts at every level: never added up from other rows.
    roll_up: source?.distinct ? 'distinct' : definition.rollUp,
    scale: BI_UNIT_SCALE[definition.unit],
    value_divisor: definition.valueDivisor ?? '1',
    money_num: source?.money.num ? 1 : 0,
    money_den: source?.money.den ? 1 : 0,
    in_rollup: ROLLUP_KPIS.includes(definition.id) ? 1 : 0,
    label_en: definition.labels.en,
    label_zh: definition.labels['zh-CN'],
    label_es: definition.labels.es,
  };
}

/** Every KPI of the catalogue, in catalogue order. */
export function biKpiCatalogueRows(): BiKpiRow[] {
  return KPI_CATALOGUE.map(row);
}

const literal = (value: string | number): string => (typeof value === 'number' ? String(value) : `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`);

/** The rows as the tuples of the migration's VALUES list, one per line. */
export function biKpiCatalogueValuesSql(): string {
  return biKpiCatalogueRows()
    .map(
      (r) =>
        `    (${[r.kpi, r.area, r.unit, r.roll_up, r.scale, r.value_divisor, r.money_num, r.money_den, r.in_rollup, r.label_en, r.label_zh, r.label_es].map(literal).join(', ')})`,
    )
    .join(',\n');
}
