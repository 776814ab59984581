import { KPI_CATALOGUE } from './index';
import { componentContext } from '../engine/component-sql';
import { DIMENSIONS } from '../engine/dimensions';
import { kpiDimensions, KPI_SOURCES } from '../engine/kpi-sources';
import { KpiArea, KpiDefinition, RollUp } from './kpi-definition';

const AREAS: Record<KpiArea, string> = {
  sales: 'Sales',
  service: 'After-sales service',
  customer: 'Customer',
  parts: 'Parts',
  plan: 'Targets and growth (apply to every KPI)',
};

const ROLL_UP: Record<RollUp, string> = {
  sum: "sum over branches and periods (consolidated money converted to group currency at the rate of each business date's month)",
  ratio: 'recomputed from summed numerator and denominator at every grain; never an average of rates',
  snapshot: "a state: summed over branches, the last month's value for a quarter or year, never summed over months",
  mean: 'recomputed from summed values and counts at every grain',
};

const DISTINCT_ROLL_UP =
  'distinct customers: recomputed from the facts at every level (branch, region, group) and for each period end, never a sum of branches or months';

function entry(kpi: KpiDefinition): string {
  const lines = [
    `### ${kpi.labels.en} — \`${kpi.id}\``,
    '',
    `zh-CN: ${kpi.labels['zh-CN']} · es: ${kpi.labels.es} · unit: ${kpi.unit} · ${kpi.higherIsBetter ? 'higher is better' : 'lower is better'}`,
    '',
    `**Definition.** ${kpi.formula}`,
    '',
  ];
  if (kpi.numerator && kpi.denominator) {
    lines.push(`**Numerator.** ${kpi.numerator}. **Denominator.** ${kpi.denominator}.`, '');
  }
  const distinct = KPI_SOURCES[kpi.id]?.distinct !== undefined;
  lines.push(`**Roll-up.** ${distinct ? DISTINCT_ROLL_UP : ROLL_UP[kpi.rollUp]}.`, '');
  const dimensions = kpiDimensions(kpi.id);
  if (dimensions.length > 0) lines.push(`**Dimensions.** ${dimensions.map((d) => `\`${d}\``).join(', ')}.`, '');
  if (kpi.provisional) lines.push(`**Provisional.** ${kpi.provisional}`, '');
  lines.push(`**Example.** ${kpi.example}`, '');
  const source = KPI_SOURCES[kpi.id];
  if (source) {
    const sql = source
      .components(componentContext('month'))
      .split('\n')
      .map((l) => l.trimEnd())
      .filter((l) => l.trim() !== '')
      .join('\n');
    lines.push(
      '<details><summary>SQL: its components per branch, region as of the date, month and currency (libs/kpi/src/engine)</summary>',
      '',
      '```sql',
      sql,
      '```',
      '',
      '</details>',
      '',
    );
  }
  return lines.join('\n');
}

/** docs/kpis.md, generated from the catalogue: `npm run docs:kpis`. */
export function renderKpiDocs(): string {
  const parts = [
    '# KPI catalogue',
    '',
    '<!-- Generated from libs/kpi by `npm run docs:kpis`; a unit test fails when this file is stale. -->',
    '',
    "Every figure is net of VAT and in the branch's currency unless converted to the group currency.",
    '"Period" means business date in the branch\'s calendar (the local date of the event time minus the',
    "branch's business-day cut-off). Internal and PDI repair orders are excluded from service KPIs.",
    'Figures are attributed to the region a branch belonged to on the business date (as-of); a',
    "restated view with today's structure is a separate option, never the default.",
    '',
    "Each KPI's SQL returns components (numerator `num`, denominator `den`) per branch, region as of",
    "the date, period and month; the engine (libs/kpi/src/engine) converts money at each month's rate,",
    'sums the components to the unit and period asked and computes the value from the sums. "As closed"',
    '(after head office closed a month) keeps only facts recorded before the close: every fact table is',
    'read through the same filter (`global_position < closed_position` of the month of its business date).',
    '',
    'Periods: day, week, month, quarter and year buckets, or one figure for a whole range (`grain=range`:',
    "a custom range, year to date): Σ numerator ÷ Σ denominator of the range's months (money converted",
    "at each month's rate, then summed), a stock's last month, a distinct count (customer base) over the",
    'range itself (docs/adr/0025-customer-base-kpis.md). A range has targets only when it is exactly a',
    'month, quarter or year: targets are never derived from another grain; year to date is read against',
    'the annual targets ("% of annual plan"). A KPI kept by month (market share, stocks, the customer',
    'base, follow-up) takes a range of whole months only (else 400 `UNSUPPORTED_GRAIN`).',
    '',
    'Head office sets targets (quota 任务, stretch 目标) for every KPI below except the targets and growth',
    'ones, which compare an actual with a target. A money target is in the currency its figure is',
    "reported in at its grain: a branch's, its departments' and its people's in the branch currency, a",
    "region's and the group's in the group currency. Only money flows (unit money, not a stock) may",
    'have a target below zero, a planned loss of gross profit for one; counts, hours, days, CSI scores,',
    'rates and margins, money per vehicle or hour and stock values may not (libs/org, "Target rules").',
    '',
    '## Dimensions',
    '',
    'Every KPI can be broken down (`by=`) and filtered (`<dimension>=v1,v2`) by the dimensions its facts',
    "carry, at every level (branch, region, group) and under the caller's scope: `GET /api/v1/kpis/{id}?by=advisor`.",
    "A breakdown obeys the rules of the whole: each value's numerator and denominator come from the",
    'same facts, rates are Σ ÷ Σ, money is in the currency asked. People are attributed as of the event:',
    'a delivery (and its return, collections and sales survey) to the consultant on the order it fulfils,',
    'an RO to the advisor who opened it, hours, labour revenue and efficiency to the technician on each',
    "labour line (the RO's close split line by line); a count of ROs by technician counts an RO for every",
    "technician on it, and a comeback is charged to the original RO's technicians. A survey carries the",
    "attributes of the RO or sale it refers to. Every survey source's response rate has all the closed ROs",
    'as its denominator. With `single` attribution the values of a breakdown add up to the whole (Σ',
    'numerators, Σ denominators), except where the denominator is a distinct count (an intake split into',
    'an insurance and a customer RO counts in both segments) or a snapshot. Targets set per person,',
    'department, model or segment are read at that grain for a breakdown by the matching dimension;',
    "a breakdown by any other dimension has no targets (never the branch's). A deal closed in another",
    'territory is credited to the territory owner: `territory` breaks the vehicle KPIs down by the branch',
    "whose territory holds the customer's area on the business date (head office's territory map; the",
    'selling branch when the delivery names no area or no branch owns it then), while the selling branch',
    'keeps the figures at its own unit; market share counts each delivery for that owner',
    '(docs/adr/0029-territory-credit.md). `brand` is the brand of the model a fact names (the delivery,',
    "order, test drive or lead's own; a collection and a sales survey take their order's) as head office's",
    'model catalogue gives it on the date of the sale (ModelBrandAssigned): a delivery on its own date, a',
    "return on its delivery's, an order on its signing, a cancellation, payment or survey on its order's",
    'signing, a lead and a test drive on their own; a fact whose model has no brand',
    'then shows as `unassigned`, so the brands still add up to the whole. A repair order names its',
    "vehicle's model at opening (RepairOrderOpened v2): the service KPIs of its facts (its closes and",
    'reopens, hours, intakes and yield, its comebacks, service surveys and warranty decisions) have its',
    "`model` and the model's brand on the RO's opening date, the vehicle's brand when the customer came in;",
    'an RO opened without a model (every v1 event) has no model and the brand `unassigned`, as a lead',
    'without a model of interest. The parts and market share KPIs have no brand: their facts name no',
    'model (docs/adr/0030-brand-dimension.md).',
    '',
    '| Dimension | zh-CN | es | attribution | targets at |',
    '|---|---|---|---|---|',
    ...DIMENSIONS.map((d) => `| \`${d.id}\` ${d.labels.en} | ${d.labels['zh-CN']} | ${d.labels.es} | ${d.attribution} | ${d.targetGrain ?? '—'} |`),
    '',
    '| Area | KPIs |',
    '|---|---|',
    ...(Object.keys(AREAS) as KpiArea[]).map(
      (area) =>
        `| ${AREAS[area]} | ${KPI_CATALOGUE.filter((k) => k.area === area)
          .map((k) => `\`${k.id}\``)
          .join(', ')} |`,
    ),
    '',
  ];
  for (const area of Object.keys(AREAS) as KpiArea[]) {
    parts.push(`## ${AREAS[area]}`, '');
    for (const kpi of KPI_CATALOGUE.filter((k) => k.area === area)) parts.push(entry(kpi));
  }
  return `${parts.join('\n').trimEnd()}\n`;
}
