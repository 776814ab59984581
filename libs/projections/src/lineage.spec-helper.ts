import { ClickHouseClient } from '@app/clickhouse';
import Decimal from 'decimal.js';
import { dimensionsUsed, evaluateKpis, isMeasuredKpi, KPI_CATALOGUE, kpiDimensions, kpiLineage, KpiQuery } from '@app/kpi';

const sum = (values: readonly (string | null)[]) => values.reduce((s, v) => s.add(v ?? 0), new Decimal(0));

/**
 * For every figure of every measured KPI (follow-up aside; with a breakdown or filters, those that
 * support the dimensions) under `query`: its lineage, read page by
 * page, adds up exactly to the figure: Σ numerators and Σ denominators of the facts (and, when
 * consolidated, Σ of the conversions); the count of facts is the lineage's total. Returns how many
 * figures were checked.
 */
export async function expectLineageAddsUpToEveryFigure(client: ClickHouseClient, query: KpiQuery, pageSize = 7): Promise<number> {
  const ids = KPI_CATALOGUE.map((k) => k.id).filter(
    (id) => isMeasuredKpi(id) && id !== 'follow_up_within_3_working_days' && dimensionsUsed(query).every((d) => kpiDimensions(id).includes(d)),
  );
  const figures = await evaluateKpis(client, ids, query);
  let checked = 0;
  for (const [kpiId, points] of figures) {
    for (const point of points) {
      const target = { unitId: point.unitId, periodStart: point.periodStart, dimensionValue: point.dimensionValue, currency: point.currency ?? undefined };
      const first = await kpiLineage(client, kpiId, query, target, 1, pageSize);
      const facts = [...first.facts];
      for (let page = 2; (page - 1) * pageSize < first.total; page += 1) facts.push(...(await kpiLineage(client, kpiId, query, target, page, pageSize)).facts);
      const label = `${kpiId} ${point.unitId} ${point.period} ${point.dimensionValue ?? ''} ${point.currency ?? ''}`;
      expect([label, facts.length]).toEqual([label, first.total]);
      expect([label, new Set(facts.map((f) => `${f.eventId}|${f.reference}|${f.branchId}`)).size]).toEqual([label, facts.length]);
      if (first.conversions) {
        expect([label, sum(first.conversions.map((c) => c.numeratorConverted)).toString()]).toEqual([label, new Decimal(point.numerator).toString()]);
        if (point.denominator !== null)
          expect([label, sum(first.conversions.map((c) => c.denominatorConverted)).toString()]).toEqual([label, new Decimal(point.denominator).toString()]);
      } else {
        expect([label, sum(facts.map((f) => f.numerator)).toString()]).toEqual([label, new Decimal(point.numerator).toString()]);
        if (point.denominator !== null)
          expect([label, sum(facts.map((f) => f.denominator)).toString()]).toEqual([label, new Decimal(point.denominator).toString()]);
      }
      expect([label, first.point?.value]).toEqual([label, point.value]);
      checked += 1;
    }
  }
  return checked;
}
