import { CUSTOMER_KPIS } from './customer.kpis';
import { KpiDefinition, Locale } from './kpi-definition';
import { PARTS_KPIS } from './parts.kpis';
import { PLAN_KPIS } from './plan.kpis';
import { SALES_KPIS } from './sales.kpis';
import { SERVICE_KPIS } from './service.kpis';

export * from './kpi-definition';

/** Every KPI the platform defines, in the order the catalogue and docs/kpis.md show them. */
export const KPI_CATALOGUE: readonly KpiDefinition[] = [...SALES_KPIS, ...SERVICE_KPIS, ...CUSTOMER_KPIS, ...PARTS_KPIS, ...PLAN_KPIS];

const byId = new Map(KPI_CATALOGUE.map((k) => [k.id, k]));
if (byId.size !== KPI_CATALOGUE.length) throw new Error('two KPIs share an id');

export function kpiById(id: string): KpiDefinition | undefined {
  return byId.get(id);
}

export function kpiLabel(id: string, locale: Locale): string {
  const kpi = byId.get(id);
  if (!kpi) throw new RangeError(`unknown KPI ${id}`);
  return kpi.labels[locale];
}
