import { decimalRatio, percent } from './decimal';
import { ServiceKpiGrain, UnitMonth } from './service-kpi.filter';

/** Responses grouped by unit, month and source, as the CSI queries select them. */
export interface CsiResponseGroup {
  readonly unit: string;
  readonly month: string;
  readonly src: string;
  readonly responses: string;
  readonly score_sum: string;
  readonly top_box: string;
}

/** The response-rate denominator of a unit and month (closed ROs, deliveries). */
export interface CsiDenominator {
  readonly unit: string;
  readonly month: string;
  readonly n: number;
}

export interface CsiFigures extends UnitMonth {
  /** 'all', or the survey source with `bySource` */
  readonly source: string;
  readonly responses: number;
  /** Σ response scores (each exact to 6 places) */
  readonly scoreSum: string;
  /** Mean response score (0–100), half-up to 2 places; null without responses */
  readonly csi: string | null;
  readonly denominator: number;
  /** responses ÷ denominator × 100, half-up to 2 places; null without a denominator */
  readonly responseRatePercent: string | null;
  readonly topBoxResponses: number;
  /** top-box responses ÷ responses × 100, half-up to 2 places; null without responses */
  readonly topBoxPercent: string | null;
}

/**
 * CSI rows from grouped responses and the denominators of the same units and months: mean score,
 * response rate and top-box share, each from sums. Without `bySource`, a month with a denominator
 * but no response yet gets a row too (CSI unknown, response rate 0). Sorted by unit, month, source.
 */
export function csiFigures(
  grain: ServiceKpiGrain,
  responses: readonly CsiResponseGroup[],
  denominators: readonly CsiDenominator[],
  bySource: boolean,
): CsiFigures[] {
  const key = (unit: string, month: string) => `${unit}\u0000${month}`;
  const denominatorOf = new Map(denominators.map((d) => [key(d.unit, d.month), d.n]));
  const rows: CsiFigures[] = responses.map((r) => {
    const n = Number(r.responses);
    const denominator = denominatorOf.get(key(r.unit, r.month)) ?? 0;
    return {
      grain,
      unitId: r.unit,
      month: r.month,
      source: r.src,
      responses: n,
      scoreSum: r.score_sum,
      csi: decimalRatio(r.score_sum, 6, n, 2),
      denominator,
      responseRatePercent: percent(n, denominator, 2),
      topBoxResponses: Number(r.top_box),
      topBoxPercent: percent(Number(r.top_box), n, 2),
    };
  });
  if (!bySource) {
    const seen = new Set(rows.map((r) => key(r.unitId, r.month)));
    for (const d of denominators) {
      if (seen.has(key(d.unit, d.month))) continue;
      rows.push({
        grain,
        unitId: d.unit,
        month: d.month,
        source: 'all',
        responses: 0,
        scoreSum: '0.000000',
        csi: null,
        denominator: d.n,
        responseRatePercent: percent(0, d.n, 2),
        topBoxResponses: 0,
        topBoxPercent: null,
      });
    }
  }
  return rows.sort((x, y) =>
    x.unitId === y.unitId ? (x.month === y.month ? x.source.localeCompare(y.source) : x.month.localeCompare(y.month)) : x.unitId.localeCompare(y.unitId),
  );
}
