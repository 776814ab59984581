import { CUSTOMER_KPIS } from './customer.kpis';
import { DefinitionText, DefinitionTexts } from './definition-texts';
import { DEFINITIONS_ES } from './definitions.es';
import { DEFINITIONS_ZH_CN } from './definitions.zh-CN';
import { KpiDefinition, Locale } from './kpi-definition';
import { PARTS_KPIS } from './parts.kpis';
import { PLAN_KPIS } from './plan.kpis';
import { SALES_KPIS } from './sales.kpis';
import { SERVICE_KPIS } from './service.kpis';

export * from './kpi-definition';
export * from './definition-texts';

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

const TRANSLATED: Record<Exclude<Locale, 'en'>, DefinitionTexts> = { 'zh-CN': DEFINITIONS_ZH_CN, es: DEFINITIONS_ES };

/**
 * A KPI's definition in a locale: its rule, numerator, denominator and provisional note (English
 * from the catalogue, zh-CN and es from their translations).
 */
export function kpiDefinitionText(id: string, locale: Locale): DefinitionText {
  const kpi = byId.get(id);
  if (!kpi) throw new RangeError(`unknown KPI ${id}`);
  if (locale === 'en') return { formula: kpi.formula, numerator: kpi.numerator, denominator: kpi.denominator, provisional: kpi.provisional };
  const text = TRANSLATED[locale][id];
  if (!text) throw new RangeError(`KPI ${id} has no ${locale} definition`);
  return text;
}
