import { KpiDefinition } from './kpi-definition';

/**
 * Measures that apply to any KPI of the catalogue at any grain. Targets are never derived from one
 * another: each compares the actual with the target set for the same KPI, period and grain, in
 * the version in force (and reports that version).
 */
export const PLAN_KPIS: readonly KpiDefinition[] = [
  {
    id: 'attainment_quota',
    area: 'plan',
    labels: { 'zh-CN': '任务完成率', es: 'Cumplimiento de cuota', en: 'Quota attainment' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Actual ÷ quota (任务) set by head office for the same KPI, period and grain, in the version in force. No quota set: no attainment.',
    numerator: 'the KPI actual of the period at the grain',
    denominator: 'the quota for that KPI, period and grain',
    example: 'Service revenue 3,000.00 against a January quota of 2,500.00: 120.0 %.',
  },
  {
    id: 'attainment_stretch',
    area: 'plan',
    labels: { 'zh-CN': '目标完成率', es: 'Cumplimiento del objetivo', en: 'Stretch goal attainment' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Actual ÷ stretch goal (目标) for the same KPI, period and grain, in the version in force.',
    numerator: 'the KPI actual',
    denominator: 'the stretch goal',
    example: 'Service revenue 3,000.00 against a stretch goal of 3,600.00: 83.3 %.',
  },
  {
    id: 'annual_plan_progress',
    area: 'plan',
    labels: { 'zh-CN': '年度计划完成率', es: '% del plan anual', en: '% of annual plan' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Year-to-date actual ÷ the annual target (quota, or stretch when asked) for the same KPI and grain. Monthly targets are not summed into an annual one.',
    numerator: 'actual from 1 January to the end of the period',
    denominator: 'the annual target',
    example: 'Revenue 9.0 million by the end of March against an annual quota of 40.0 million: 22.5 %.',
  },
  {
    id: 'growth_mom',
    area: 'plan',
    labels: { 'zh-CN': '环比增长', es: 'Crecimiento intermensual', en: 'Month-on-month growth' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      '(Actual of the period − actual of the previous period) ÷ actual of the previous period, at the same grain. A branch that opened inside either period is flagged: not like-for-like.',
    example: 'February 90,000.00 after January 100,000.00: −10.0 %.',
  },
  {
    id: 'growth_yoy',
    area: 'plan',
    labels: { 'zh-CN': '同比增长', es: 'Crecimiento interanual', en: 'Year-on-year growth' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      '(Actual of the period − actual of the same period a year earlier) ÷ the latter, at the same grain. A branch that opened after the start of the earlier period is flagged: not like-for-like.',
    example: 'January 2026 110,000.00 after January 2025 100,000.00: +10.0 %.',
  },
];
