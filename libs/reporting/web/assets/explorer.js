// The KPI explorer (#/kpi/<kpiId>/<level>/<unitId>?range=…): every catalogue KPI at the group, a
// region or a branch, with its definition in the page's language, the figure with its numerator
// and denominator, quota and stretch (version in force), attainment, progress against the annual
// plan, provisional and as-closed marks and the as-of mark; a chart of the year with last year and
// the targets; a breakdown by any dimension the KPI supports; and the facts behind a figure
// (lineage, paged), whose sums are checked against the figure. Year to date and a custom range are
// one figure for the whole range (grain=range). Money in the group currency or, above branch level
// in branch currency, one labelled subtotal per currency (never a total). Every figure comes from the
// API (one KPI engine); the page only adds up the rows of a breakdown to show that they make the figure.
import * as api from './api.js';
import { axisTooltip, lastFigureLabel, monthAxis } from './charts.js';
import { el, isOneOf, valueOf } from './dom.js';
import { tableDownloads } from './downloads.js';
import { asOfLine, errorText } from './messages.js';
import { attainmentTone, formatDate, formatFigure, formatHeadline, formatMonth, formatPercent, growthTone, isMoney, texts, unitSuffix } from './i18n.js';

/**
 * @import { CatalogueKpi, CurrencyChoice, Grain, KpiCatalogue, KpiPoint, KpiSeries, Level, Me, Units, View } from '../types/api'
 * @import { Child } from './dom.js'
 * @import { Locale } from './format.js'
 * @import { Texts } from './i18n.js'
 */
/** @typedef {'month' | 'quarter' | 'year' | 'ytd' | 'custom'} Range */
/**
 * What the explorer shows (its address): a KPI at a unit (no level yet: the caller's own), over a range.
 * @typedef {object} ExplorerAddress
 * @property {string} kpiId
 * @property {Level | null} level
 * @property {string | null} id
 * @property {Range} range
 * @property {string} period
 * @property {string | null} from
 * @property {string | null} to
 * @property {string | null} by
 * @property {View} view
 * @property {CurrencyChoice} currency
 */
/**
 * What the page is given (app.js): the language, the caller and their units, the address; `go` to
 * another address, `current()` false once another page loaded, `handle` of a failure (a 401: sign-in).
 * @typedef {object} ExplorerContext
 * @property {Locale} locale
 * @property {Me} me
 * @property {Units | null} units
 * @property {ExplorerAddress} explorer
 * @property {(explorer: ExplorerAddress) => void} go
 * @property {() => boolean} current
 * @property {(error: unknown) => void} handle
 */
/**
 * The series request of a range: its grain, months, and `whole` (the range whose one figure is asked).
 * @typedef {{ grain: 'month' | 'quarter' | 'year', from: string, to: string, whole?: { from: string, to: string } }} RangeRequest
 */
/**
 * The parameters of a figure's series (and of its breakdown and lineage, which ask the same).
 * @typedef {{ grain: Grain, groupBy: Level, regionId: string | null | undefined, branchId: string | null | undefined, currency: CurrencyChoice, view: View, locale: Locale, by?: string }} SeriesBase
 */
/** A figure whose facts are asked: a point, and with a breakdown its dimension value. @typedef {{ point: KpiPoint, dimensionValue?: string }} LineageTarget */
/** @typedef {(target: LineageTarget) => void} OpenLineage */
/** @typedef {(changes: Partial<ExplorerAddress>) => void} Go */
/** @typedef {Texts['explorer']} ExplorerTexts */

/** @type {readonly Range[]} */
const RANGES = ['month', 'quarter', 'year', 'ytd', 'custom'];
/** @type {readonly Level[]} */
const LEVELS = ['group', 'region', 'branch'];
/** @type {readonly View[]} */
const VIEWS = ['restated', 'as-closed'];
/** @type {readonly CurrencyChoice[]} */
const CURRENCIES = ['group', 'branch'];
const MONTH = /^\d{4}-\d{2}$/;
const LINEAGE_PAGE_SIZE = 50;

/** The catalogue by locale (GET /api/v1/kpis?locale=), read once per language. @type {Map<Locale, KpiCatalogue>} */
const catalogues = new Map();

/** @param {Locale} locale */
async function catalogue(locale) {
  const known = catalogues.get(locale);
  if (known) return known;
  const read = await api.kpiCatalogue(locale);
  catalogues.set(locale, read);
  return read;
}

// ---- the address --------------------------------------------------------------------------------

/**
 * `#/kpi/<kpiId>/<level>/<unitId>` and its query: what the explorer shows.
 * @param {string} path
 * @param {URLSearchParams} params
 * @param {string} period
 * @returns {ExplorerAddress}
 */
export function readExplorerAddress(path, params, period) {
  const [, , kpiId = '', level = '', id = ''] = path.split('/');
  const asked = params.get('range');
  const range = isOneOf(RANGES, asked) ? asked : 'month';
  return {
    kpiId: decodeURIComponent(kpiId),
    level: isOneOf(LEVELS, level) ? level : null,
    id: level === 'group' ? null : decodeURIComponent(id),
    range,
    period,
    from: MONTH.test(params.get('from') ?? '') ? params.get('from') : null,
    to: MONTH.test(params.get('to') ?? '') ? params.get('to') : null,
    by: params.get('by') || null,
    view: params.get('view') === 'as-closed' ? 'as-closed' : 'restated',
    currency: params.get('currency') === 'branch' ? 'branch' : 'group',
  };
}

/**
 * The address of `e` (what readExplorerAddress reads back).
 * @param {Omit<ExplorerAddress, 'from' | 'to' | 'by'> & Partial<Pick<ExplorerAddress, 'from' | 'to' | 'by'>>} e
 */
export function explorerAddress(e) {
  const path = `#/kpi/${encodeURIComponent(e.kpiId ?? '')}/${e.level ?? 'group'}${e.level && e.level !== 'group' ? `/${encodeURIComponent(e.id ?? '')}` : ''}`;
  const params = new URLSearchParams({ period: e.period, range: e.range ?? 'month' });
  if (e.range === 'custom' && e.from) params.set('from', e.from);
  if (e.range === 'custom' && e.to) params.set('to', e.to);
  if (e.by) params.set('by', e.by);
  if (e.view && e.view !== 'restated') params.set('view', e.view);
  if (e.currency === 'branch') params.set('currency', e.currency);
  return `${path}?${params}`;
}

/**
 * Replaces a node's children, leaving out the absent ones (replaceChildren would show "null").
 * @param {HTMLElement} host
 * @param {...(Child | Child[])} children
 */
function fill(host, ...children) {
  host.replaceChildren(...children.flat().flatMap((c) => (c === null || c === undefined || c === false ? [] : [typeof c === 'number' ? String(c) : c])));
}

// ---- exact sums (the check that a breakdown adds up to its figure) -------------------------------

const fractionDigits = (/** @type {string} */ value) => (value.split('.')[1] ?? '').length;

/**
 * @param {string} value
 * @param {number} scale
 */
function scaled(value, scale) {
  const negative = value.startsWith('-');
  const [whole, fraction = ''] = value.replace('-', '').split('.');
  const n = BigInt(`${whole}${fraction.padEnd(scale, '0')}`);
  return negative ? -n : n;
}

/**
 * Σ of decimal strings, exactly (BigInt at the largest scale); null when there is none.
 * @param {(string | null | undefined)[]} values
 * @returns {string | null}
 */
function sumDecimals(values) {
  const list = values.filter((v) => v !== null && v !== undefined);
  if (list.length === 0) return null;
  const scale = Math.max(0, ...list.map(fractionDigits));
  const total = list.reduce((sum, v) => sum + scaled(v, scale), 0n);
  const digits = (total < 0n ? -total : total).toString().padStart(scale + 1, '0');
  return `${total < 0n ? '-' : ''}${scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits}`;
}

/**
 * @param {string | null | undefined} a
 * @param {string | null | undefined} b
 */
function sameDecimal(a, b) {
  if (a === null || a === undefined || b === null || b === undefined) return a == b; // eslint-disable-line eqeqeq
  const scale = Math.max(fractionDigits(a), fractionDigits(b));
  return scaled(a, scale) === scaled(b, scale);
}

// ---- periods ----------------------------------------------------------------------------------

/**
 * The first day (YYYY-MM-DD) of the `grain` bucket that holds the month `period`.
 * @param {string} period
 * @param {Grain} grain
 */
function bucketStart(period, grain) {
  const [year, month] = period.split('-').map(Number);
  if (grain === 'year') return `${year}-01-01`;
  const first = grain === 'quarter' ? Math.floor((month - 1) / 3) * 3 + 1 : month;
  return `${year}-${String(first).padStart(2, '0')}-01`;
}

/**
 * The points of the period asked (one, or one per currency in branch currency above branch level):
 * the engine answers only buckets with facts, so the last point is not always it; none when the
 * bucket has no facts (the page says empty).
 * @param {readonly KpiPoint[]} points
 * @param {ExplorerAddress} e
 * @param {Grain} grain
 */
function focusPoints(points, e, grain) {
  const start = bucketStart(e.period, grain);
  return points.filter((p) => p.periodStart === start);
}

/**
 * The series request of a range (its chart and table), and, for year to date and a custom range,
 * `whole`: the range whose one figure the API answers (grain=range).
 * @param {ExplorerAddress} e
 * @returns {RangeRequest}
 */
function rangeRequest(e) {
  const year = e.period.slice(0, 4);
  switch (e.range) {
    case 'quarter':
      return { grain: 'quarter', from: `${year}-01`, to: e.period };
    case 'year':
      return { grain: 'year', from: `${Number(year) - 4}-01`, to: e.period };
    case 'custom': {
      const from = e.from ?? `${year}-01`;
      const to = e.to ?? e.period;
      const range = from <= to ? { from, to } : { from: to, to: from };
      return { grain: 'month', ...range, whole: range };
    }
    case 'ytd':
      return { grain: 'month', from: `${year}-01`, to: e.period, whole: { from: `${year}-01`, to: e.period } };
    default:
      return { grain: 'month', from: `${year}-01`, to: e.period };
  }
}

/**
 * @param {string} period
 * @param {Grain} grain
 * @param {Locale} locale
 * @param {ExplorerTexts} t
 */
function periodLabel(period, grain, locale, t) {
  if (grain === 'month') return formatMonth(period, locale);
  if (grain === 'quarter') return t.quarterOf(period.slice(0, 4), period.slice(-1));
  return period;
}

/**
 * A chart's period axis: months as monthAxis (the year where it changes and on the last month),
 * other grains by their label.
 * @param {readonly string[]} periods
 * @param {Grain} grain
 * @param {Locale} locale
 * @param {ExplorerTexts} t
 * @returns {import('echarts').XAXisComponentOption}
 */
function periodAxis(periods, grain, locale, t) {
  const labels = periods.map((p) => periodLabel(p, grain, locale, t));
  return grain === 'month' ? monthAxis(periods, labels, locale) : { type: 'category', data: labels };
}

// ---- the page -----------------------------------------------------------------------------------

/**
 * Renders the explorer into `host`. `ctx`: { locale, me, units, explorer (the address), go(explorer)
 * (a new address), handle(error) (401: sign-in), current() (false once another page loaded) }.
 * @param {HTMLElement} host
 * @param {ExplorerContext} ctx
 * @returns {Promise<void>}
 */
export async function explorerPage(host, ctx) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  // No level in the address: the caller's own unit (the group, their first region, or their first branch).
  const scope = ctx.me.scope;
  /** @type {ExplorerAddress & { level: Level }} */
  const e = ctx.explorer.level
    ? { ...ctx.explorer, level: ctx.explorer.level }
    : {
        ...ctx.explorer,
        level: scope.all ? 'group' : scope.regions.length > 0 ? 'region' : 'branch',
        id: scope.all ? null : (scope.regions[0] ?? scope.branches[0] ?? null),
      };
  /** @type {Go} */
  const go = (changes) => ctx.go({ ...e, ...changes });
  /**
   * @param {'loading' | 'error' | 'forbidden'} kind
   * @param {string} text
   */
  const say = (kind, text) => el('p', { class: kind === 'error' ? 'form-error' : 'muted', 'data-testid': `explorer-${kind}`, text });
  fill(host, el('h2', { class: 'unit-title', text: x.title }), say('loading', t.loading));

  let cat;
  try {
    cat = await catalogue(ctx.locale);
  } catch (error) {
    if (!ctx.current()) return;
    if (error instanceof api.ApiError && error.status === 401) return ctx.handle(error);
    fill(
      host,
      el('h2', { class: 'unit-title', text: x.title }),
      say(error instanceof api.ApiError && error.status === 403 ? 'forbidden' : 'error', errorText(t, error)),
    );
    return;
  }
  if (!ctx.current()) return;
  const kpi = cat.kpis.find((k) => k.id === e.kpiId) ?? cat.kpis.find((k) => k.measured);
  if (!kpi) {
    // A catalogue without a measured KPI: nothing to explore.
    fill(host, el('h2', { class: 'unit-title', text: x.title }), say('error', t.noData));
    return;
  }
  e.kpiId = kpi.id;
  if (e.level !== 'group' && !e.id) e.id = unitsOf(ctx, e.level)[0]?.id ?? null;
  const dimension = e.by !== null && kpi.dimensions.includes(e.by) ? e.by : null;
  const unitName = e.level === 'group' ? t.group : (unitsOf(ctx, e.level).find((u) => u.id === e.id)?.name ?? e.id);

  const figureHost = el('section', { class: 'panel', 'data-testid': 'explorer-figure' }, say('loading', t.loading));
  const chartHost = el('div', { class: 'chart', 'data-testid': 'explorer-chart' });
  const breakdownHost = el('section', { class: 'panel', 'data-testid': 'explorer-breakdown' });
  const lineageHost = el('section', { class: 'panel', 'data-testid': 'explorer-lineage', hidden: true });
  fill(
    host,
    el('h2', { class: 'unit-title', 'data-testid': 'explorer-title', text: `${kpi.label} · ${unitName}` }),
    controls(ctx, cat, e, go),
    definitionPanel(t, kpi, cat),
    kpi.measured ? figureHost : el('p', { class: 'muted', 'data-testid': 'explorer-derived', text: x.derived }),
    kpi.measured ? el('section', { class: 'panel' }, el('h3', { text: x.chartTitle }), chartHost) : null,
    kpi.measured ? breakdownHost : null,
    lineageHost,
  );
  if (!kpi.measured) return;

  const request = rangeRequest(e);
  /** @type {SeriesBase} */
  const base = {
    grain: request.grain,
    groupBy: e.level,
    regionId: e.level === 'region' ? e.id : undefined,
    branchId: e.level === 'branch' ? e.id : undefined,
    currency: e.currency,
    view: e.view,
    locale: ctx.locale,
  };
  const path = api.kpiPath(kpi.id);
  // Year to date and a custom range: the month series (chart, table) and the range's one figure.
  /** @type {SeriesBase | null} */
  const rangeBase = request.whole ? { ...base, grain: 'range' } : null;
  /** @type {KpiSeries} */
  let series;
  /** @type {KpiSeries | null} */
  let whole = null;
  try {
    [series, whole] = await Promise.all([
      api.kpiSeries(kpi.id, { ...base, from: request.from, to: request.to }),
      rangeBase ? api.kpiSeries(kpi.id, { ...rangeBase, ...request.whole }) : null,
    ]);
  } catch (error) {
    if (!ctx.current()) return;
    if (error instanceof api.ApiError && error.status === 401) return ctx.handle(error);
    const forbidden = error instanceof api.ApiError && error.status === 403;
    const text = error instanceof api.ApiError && error.code === 'UNSUPPORTED_GRAIN' ? x.unsupportedGrain : errorText(t, error);
    fill(figureHost, say(forbidden ? 'forbidden' : 'error', forbidden ? `${t.forbiddenTitle}: ${text}` : text));
    const chartSection = chartHost.closest('section');
    if (chartSection) chartSection.hidden = true;
    breakdownHost.hidden = true;
    return;
  }
  if (!ctx.current()) return;
  // The figure: the range's (year to date, custom) or the period's; one per currency in branch currency above branch level.
  const focus = whole ? whole.points : focusPoints(series.points, e, request.grain);
  const figureBase = rangeBase ?? base;
  /** @type {OpenLineage} */
  const openLineage = (target) => void showLineage(ctx, lineageHost, kpi, figureBase, target);

  renderFigure(ctx, figureHost, kpi, e, whole ?? series, focus, openLineage);
  renderChart(ctx, chartHost, kpi, series, request.grain);
  // Year to date and a custom range: also their months one by one (each with its facts).
  const periodsHost = el('section', { class: 'panel', 'data-testid': 'explorer-periods' });
  if (whole) {
    breakdownHost.before(periodsHost);
    renderPeriods(ctx, periodsHost, kpi, series, request.grain, (target) => void showLineage(ctx, lineageHost, kpi, base, target));
  }
  if (focus.length === 0) breakdownHost.hidden = true;
  else await renderBreakdown(ctx, breakdownHost, kpi, cat, go, dimension, { path, base: figureBase, focus, lineageHost });
}

/**
 * In branch currency above branch level a money KPI has one figure per currency: subtotals, never added up.
 * @param {readonly KpiPoint[]} points
 */
const perCurrency = (points) => new Set(points.map((p) => p.currency)).size > 1;

/**
 * The units of a level in the caller's scope, named.
 * @param {ExplorerContext} ctx
 * @param {Level} level
 * @returns {{ id: string, name: string }[]}
 */
function unitsOf(ctx, level) {
  const regions = ctx.units?.regions ?? [];
  if (level === 'region') return regions.filter((r) => r.id !== '').map((r) => ({ id: r.id, name: r.name || r.id }));
  if (level === 'branch') return regions.flatMap((r) => r.branches).map((b) => ({ id: b.id, name: `${b.name} (${b.id})` }));
  return [];
}

// ---- controls: the KPI, the unit and the range ---------------------------------------------------

/**
 * @param {ExplorerContext} ctx
 * @param {KpiCatalogue} cat
 * @param {ExplorerAddress & { level: Level }} e
 * @param {Go} go
 */
function controls(ctx, cat, e, go) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const areas = [...new Set(cat.kpis.map((k) => k.area))];
  /**
   * A select whose choice, one of `values`, goes to `apply` (its options are those values).
   * @template {string} T
   * @param {readonly T[]} values
   * @param {(value: T) => void} apply
   * @returns {(event: Event) => void}
   */
  const choose = (values, apply) => (event) => {
    const value = valueOf(event);
    if (isOneOf(values, value)) apply(value);
  };
  const search = el('input', {
    type: 'search',
    placeholder: x.search,
    'aria-label': x.search,
    'data-testid': 'explorer-search',
    oninput: (event) => {
      const needle = valueOf(event).trim().toLowerCase();
      for (const option of picker.querySelectorAll('option')) option.hidden = needle !== '' && !option.textContent.toLowerCase().includes(needle);
    },
  });
  const picker = el(
    'select',
    { 'data-testid': 'explorer-kpi', onchange: (event) => go({ kpiId: valueOf(event), by: null }) },
    areas.map((area) =>
      el(
        'optgroup',
        { label: x.areas[area] ?? area },
        cat.kpis.filter((k) => k.area === area).map((k) => el('option', { value: k.id, text: k.label, selected: k.id === e.kpiId })),
      ),
    ),
  );
  picker.value = e.kpiId;
  const scope = ctx.me.scope;
  const levels = LEVELS.filter((l) => l !== 'group' || scope.all).filter((l) => l !== 'region' || scope.all || scope.regions.length);
  const level = el(
    'select',
    { 'data-testid': 'explorer-level', onchange: choose(LEVELS, (l) => go({ level: l, id: unitsOf(ctx, l)[0]?.id ?? null })) },
    levels.map((l) => el('option', { value: l, text: t[l] })),
  );
  level.value = e.level;
  const unit =
    e.level === 'group'
      ? null
      : el(
          'select',
          { 'data-testid': 'explorer-unit', onchange: (event) => go({ id: valueOf(event) }) },
          unitsOf(ctx, e.level).map((u) => el('option', { value: u.id, text: u.name })),
        );
  if (unit) unit.value = e.id ?? '';
  const range = el(
    'select',
    { 'data-testid': 'explorer-range', onchange: choose(RANGES, (r) => go({ range: r })) },
    RANGES.map((r) => el('option', { value: r, text: x.ranges[r] })),
  );
  range.value = e.range;
  /**
   * @param {string} testid
   * @param {string} value
   * @param {(month: string) => Partial<ExplorerAddress>} apply
   */
  const month = (testid, value, apply) =>
    el('input', {
      type: 'month',
      value,
      'data-testid': testid,
      onchange: (event) => {
        const chosen = valueOf(event);
        if (MONTH.test(chosen)) go(apply(chosen));
      },
    });
  const view = el(
    'select',
    { 'data-testid': 'explorer-view', onchange: choose(VIEWS, (v) => go({ view: v })) },
    el('option', { value: 'restated', text: t.restated }),
    el('option', { value: 'as-closed', text: t.asClosed }),
  );
  view.value = e.view;
  // The dashboard's currency choice: the group currency, or each branch's (per-currency subtotals above branch level).
  const currency = el(
    'select',
    { 'data-testid': 'explorer-currency', onchange: choose(CURRENCIES, (c) => go({ currency: c })) },
    el('option', { value: 'group', text: t.currencyGroup }),
    el('option', { value: 'branch', text: t.currencyBranch }),
  );
  currency.value = e.currency;
  const label = (/** @type {string} */ text, /** @type {HTMLElement} */ control) => el('label', {}, el('span', { text }), control);
  return el(
    'div',
    { class: 'controls explorer-controls', 'data-testid': 'explorer-controls' },
    label(x.kpi, picker),
    search,
    label(x.level, level),
    unit ? label(e.level === 'region' ? t.region : t.branch, unit) : null,
    label(x.range, range),
    e.range === 'custom'
      ? [
          label(
            x.from,
            month('explorer-from', rangeRequest(e).from, (v) => ({ from: v, to: rangeRequest(e).to })),
          ),
          label(
            x.to,
            month('explorer-to', rangeRequest(e).to, (v) => ({ from: rangeRequest(e).from, to: v })),
          ),
        ]
      : label(
          t.period,
          month('explorer-period', e.period, (v) => ({ period: v })),
        ),
    label(t.currency, currency),
    label(t.view, view),
  );
}

/**
 * @param {Texts} t
 * @param {CatalogueKpi} kpi
 * @param {KpiCatalogue} cat
 */
function definitionPanel(t, kpi, cat) {
  const x = t.explorer;
  /**
   * @param {string} label
   * @param {string | null | undefined} text
   * @param {string} testid
   */
  const row = (label, text, testid) =>
    text ? el('div', { class: 'definition-row' }, el('dt', { text: label }), el('dd', { 'data-testid': testid, text })) : null;
  return el(
    'section',
    { class: 'panel', 'data-testid': 'explorer-definition' },
    el('h3', { text: x.definition }),
    el(
      'dl',
      { class: 'definition' },
      row(x.formula, kpi.formula, 'definition-formula'),
      row(t.numerator, kpi.numerator, 'definition-numerator'),
      row(t.denominator, kpi.denominator, 'definition-denominator'),
      row(t.provisional, kpi.provisional, 'definition-provisional'),
      row(t.unit, x.units[kpi.unit], 'definition-unit'),
      row(
        x.dimensions,
        kpi.dimensions.length
          ? cat.dimensions
              .filter((d) => kpi.dimensions.includes(d.id))
              .map((d) => d.label)
              .join(' · ')
          : x.noDimensions,
        'definition-dimensions',
      ),
    ),
  );
}

// ---- the figure -----------------------------------------------------------------------------------

/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {ExplorerAddress} e
 * @param {KpiSeries} series
 * @param {readonly KpiPoint[]} points
 * @param {OpenLineage} openLineage
 */
function renderFigure(ctx, host, kpi, e, series, points, openLineage) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const ytd = e.range === 'ytd';
  const range = ytd || e.range === 'custom';
  const title = range
    ? ytd
      ? x.ytdOf(formatMonth(series.query.to.slice(0, 7), ctx.locale))
      : x.rangeTitle(formatMonth(series.query.from.slice(0, 7), ctx.locale), formatMonth(series.query.to.slice(0, 7), ctx.locale))
    : points[0]
      ? periodLabel(points[0].period, series.query.grain, ctx.locale, x)
      : '';
  if (points.length === 0) {
    fill(
      host,
      range ? el('h3', { 'data-testid': 'explorer-period', text: title }) : null,
      el('p', { class: 'muted', 'data-testid': 'explorer-empty', text: x.empty }),
      asOfLine(series.asOf, ctx.locale),
    );
    return;
  }
  // Branch currency above branch level: each currency's subtotal, labelled, never a total.
  if (e.currency === 'branch' && e.level !== 'branch' && isMoney(kpi.unit)) {
    renderSubtotals(ctx, host, kpi, series, points, title, openLineage);
    return;
  }
  const focus = points[0];
  /**
   * @param {string | null | undefined} value
   * @param {string | null} [currency]
   */
  const fig = (value, currency = focus.currency ?? null) =>
    value === null || value === undefined ? '—' : `${formatFigure(value, kpi.unit, ctx.locale)} ${unitSuffix(kpi.unit, currency, ctx.locale)}`.trim();
  const plain = (/** @type {string | null} */ value) => (value === null || value === undefined ? '—' : formatFigure(value, 'count', ctx.locale));
  // A range has the targets of the month, quarter or year it is exactly; none otherwise (never derived).
  const noTarget = range && !focus.targets.quota && !focus.targets.stretch;
  const annual =
    series.query.grain === 'year'
      ? { value: focus.attainment.quota, target: focus.targets.quota }
      : { value: focus.yearToDate?.progressQuota ?? null, target: focus.yearToDate?.annualQuota ?? null };
  /**
   * @param {string} label
   * @param {import('../types/api').TargetFigure | null} figure
   * @param {string | null} att
   * @param {string} testid
   */
  const target = (label, figure, att, testid) =>
    el(
      'div',
      { class: 'fact', 'data-testid': testid },
      el('span', { class: 'muted', text: label }),
      el('b', { text: figure ? fig(figure.value) : '—' }),
      figure ? el('span', { class: 'small muted', 'data-testid': `${testid}-version`, text: x.version(figure.version) }) : null,
      el('span', {
        class: `small ${attainmentTone(att, kpi.higherIsBetter)}`,
        'data-testid': `${testid}-attainment`,
        text: `${t.attainment} ${formatPercent(att, ctx.locale)}`,
      }),
    );
  const closed = focus.closed;
  fill(
    host,
    el('h3', { 'data-testid': 'explorer-period', 'data-period': focus.period, text: title }),
    el(
      'button',
      {
        type: 'button',
        class: 'figure',
        title: x.showFacts,
        'data-testid': 'explorer-value',
        'data-value': focus.value ?? '',
        onclick: () => openLineage({ point: focus }),
      },
      el('span', { class: 'figure-value', text: fig(focus.value) }),
      focus.provisional
        ? el('span', {
            class: 'badge provisional',
            'data-testid': 'explorer-provisional',
            text: focus.provisionalUntil ? t.provisionalUntil(formatDate(focus.provisionalUntil, ctx.locale)) : t.provisional,
          })
        : null,
    ),
    el(
      'div',
      { class: 'facts' },
      el(
        'div',
        { class: 'fact', 'data-testid': 'explorer-numerator', 'data-value': focus.numerator },
        el('span', { class: 'muted', text: t.numerator }),
        el('b', { text: plain(focus.numerator) }),
      ),
      focus.denominator !== null
        ? el(
            'div',
            { class: 'fact', 'data-testid': 'explorer-denominator', 'data-value': focus.denominator },
            el('span', { class: 'muted', text: t.denominator }),
            el('b', { text: plain(focus.denominator) }),
          )
        : null,
      noTarget
        ? el(
            'div',
            { class: 'fact', 'data-testid': 'explorer-no-target' },
            el('span', { class: 'muted', text: t.quota }),
            el('span', { class: 'small muted', text: x.noTargetAtGrain }),
          )
        : [
            target(t.quota, focus.targets.quota, focus.attainment.quota, 'explorer-quota'),
            target(t.stretch, focus.targets.stretch, focus.attainment.stretch, 'explorer-stretch'),
          ],
      el(
        'div',
        { class: 'fact', 'data-testid': 'explorer-annual' },
        el('span', { class: 'muted', text: x.annualPlan }),
        el('b', { class: attainmentTone(annual.value, kpi.higherIsBetter), text: formatPercent(annual.value, ctx.locale) }),
        annual.target ? el('span', { class: 'small muted', text: `${x.ofAnnualQuota} ${fig(annual.target.value)}` }) : null,
      ),
      el(
        'div',
        { class: 'fact' },
        el('span', { class: 'muted', text: t.yoy }),
        el('b', {
          class: growthTone(focus.yoy?.growthPercent ?? null, kpi.higherIsBetter),
          text: formatPercent(focus.yoy?.growthPercent ?? null, ctx.locale, true),
        }),
        el('span', { class: 'small muted', 'data-testid': 'explorer-last-year', text: `${x.lastYear} ${fig(focus.yoy?.value ?? null)}` }),
      ),
    ),
    closed
      ? el('p', {
          class: 'small',
          'data-testid': 'explorer-closed',
          text: x.closedLine(fig(closed.asClosed.value), fig(closed.restated.value), formatDate(closed.closedAt, ctx.locale)),
        })
      : el('p', { class: 'small muted', 'data-testid': 'explorer-open', text: x.notClosed }),
    range ? el('p', { class: 'small muted', 'data-testid': 'explorer-range-note', text: kpi.distinct ? x.rangeDistinctNote : x.rangeNote }) : null,
    el('p', { class: 'small muted', text: x.clickForFacts }),
    asOfLine(series.asOf, ctx.locale),
  );
}

/** Money in branch currency above branch level: one labelled subtotal per currency (no total; targets are in the group currency). */
/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {KpiSeries} series
 * @param {readonly KpiPoint[]} points
 * @param {string} title
 * @param {OpenLineage} openLineage
 */
function renderSubtotals(ctx, host, kpi, series, points, title, openLineage) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const ratio = points.some((p) => p.denominator !== null);
  const plain = (/** @type {string | null} */ value) => (value === null || value === undefined ? '—' : formatFigure(value, 'count', ctx.locale));
  fill(
    host,
    el('h3', { 'data-testid': 'explorer-period', 'data-period': points[0].period, text: `${title} · ${t.perCurrency}` }),
    el(
      'table',
      { class: 'league', 'data-testid': 'explorer-subtotals' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          el('th', { class: 'text', text: t.currency }),
          el('th', { text: x.value }),
          el('th', { text: t.numerator }),
          ratio ? el('th', { text: t.denominator }) : null,
          el('th', { text: x.lastYear }),
        ),
      ),
      el(
        'tbody',
        {},
        points.map((p) =>
          el(
            'tr',
            {
              'data-testid': 'explorer-subtotal',
              'data-currency': p.currency,
              'data-value': p.value ?? '',
              'data-numerator': p.numerator,
              title: x.showFacts,
              onclick: () => openLineage({ point: p }),
            },
            el('td', { class: 'text', 'data-testid': 'subtotal-currency', text: x.subtotalOf(p.currency) }),
            el('td', { class: 'strong', text: `${formatFigure(p.value, kpi.unit, ctx.locale)} ${unitSuffix(kpi.unit, p.currency, ctx.locale)}`.trim() }),
            el('td', { text: plain(p.numerator) }),
            ratio ? el('td', { text: plain(p.denominator) }) : null,
            el('td', { text: formatFigure(p.yoy?.value ?? null, kpi.unit, ctx.locale) }),
          ),
        ),
      ),
    ),
    el('p', { class: 'small muted', 'data-testid': 'subtotals-note', text: t.subtotalsNote(ctx.units?.groupCurrency ?? '') }),
    el('p', { class: 'small muted', 'data-testid': 'explorer-targets-note', text: x.targetsInGroupCurrency }),
    asOfLine(series.asOf, ctx.locale),
  );
}

// ---- the chart: this year, last year, quota and stretch -------------------------------------------

/** @type {import('echarts').ECharts | null} */
let chart = null;

/** @param {string | null | undefined} v */
const number = (v) => (v === null || v === undefined ? null : Number(v));

/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {KpiSeries} series
 * @param {Grain} grain
 */
function renderChart(ctx, host, kpi, series, grain) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const points = series.points;
  chart?.dispose();
  chart = window.echarts.init(host, null, { renderer: 'canvas' });
  host.dataset.points = String(points.length);
  if (points.length === 0) {
    chart.dispose();
    chart = null;
    fill(host, el('p', { class: 'muted', 'data-testid': 'explorer-chart-empty', text: x.empty }));
    return;
  }
  if (perCurrency(points)) {
    renderCurrencyLines(chart, ctx, points, grain);
    return;
  }
  const suffix = unitSuffix(kpi.unit, points.find((p) => p.currency)?.currency ?? null, ctx.locale);
  /** @type {import('echarts').EChartsOption} */
  const option = {
    animation: false,
    color: ['#1d4e89', '#9aa5b1', '#b26a00', '#1e7d32'],
    tooltip: {
      trigger: 'axis',
      formatter: (params) => axisTooltip(params, (_, figure) => `${figure === null ? '—' : formatFigure(figure, kpi.unit, ctx.locale)} ${suffix}`),
    },
    legend: { top: 0 },
    grid: { left: 70, right: 24, top: 36, bottom: 28 },
    xAxis: periodAxis(
      points.map((p) => p.period),
      grain,
      ctx.locale,
      x,
    ),
    yAxis: { type: 'value' },
    series: [
      {
        id: 'actual',
        name: t.actual,
        type: kpi.rollUp === 'sum' ? 'bar' : 'line',
        ...lastFigureLabel(
          points.map((p) => number(p.value)),
          (i) => formatHeadline(points[i]?.value, kpi.unit, ctx.locale),
        ),
        data: points.map((p) => ({ value: number(p.value), symbol: p.provisional ? 'emptyCircle' : 'circle' })),
      },
      { id: 'last-year', name: x.lastYear, type: kpi.rollUp === 'sum' ? 'bar' : 'line', data: points.map((p) => number(p.yoy?.value)) },
      {
        id: 'quota',
        name: t.quota,
        type: 'line',
        symbol: 'diamond',
        symbolSize: 8,
        lineStyle: { type: 'dashed' },
        data: points.map((p) => number(p.targets.quota?.value)),
      },
      {
        id: 'stretch',
        name: t.stretch,
        type: 'line',
        symbol: 'diamond',
        symbolSize: 8,
        lineStyle: { type: 'dotted' },
        data: points.map((p) => number(p.targets.stretch?.value)),
      },
    ],
  };
  chart.setOption(option, true);
}

/** Money in several currencies (branch currency above branch level): this year and last year per currency, labelled; no targets (they are in the group currency). */
/**
 * @param {import('echarts').ECharts} echart
 * @param {ExplorerContext} ctx
 * @param {readonly KpiPoint[]} points
 * @param {Grain} grain
 */
function renderCurrencyLines(echart, ctx, points, grain) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const periods = [...new Set(points.map((p) => p.period))].sort();
  const currencies = [...new Set(points.map((p) => p.currency))].sort();
  const at = (/** @type {string | null} */ currency, /** @type {string} */ period) => points.find((p) => p.currency === currency && p.period === period);
  echart.setOption(
    {
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 70, right: 24, top: 36, bottom: 28 },
      xAxis: periodAxis(periods, grain, ctx.locale, x),
      yAxis: { type: 'value' },
      series: currencies.flatMap((currency) => [
        { id: `actual-${currency}`, name: `${t.actual} · ${currency}`, type: 'line', data: periods.map((p) => number(at(currency, p)?.value)) },
        {
          id: `last-year-${currency}`,
          name: `${x.lastYear} · ${currency}`,
          type: 'line',
          lineStyle: { type: 'dashed' },
          data: periods.map((p) => number(at(currency, p)?.yoy?.value)),
        },
      ]),
    },
    true,
  );
}

export function resizeExplorerChart() {
  chart?.resize();
}

// ---- custom range: one row per period -------------------------------------------------------------

/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {KpiSeries} series
 * @param {Grain} grain
 * @param {OpenLineage} openLineage
 */
function renderPeriods(ctx, host, kpi, series, grain, openLineage) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  const ratio = kpi.denominator !== null;
  const currencies = perCurrency(series.points);
  fill(
    host,
    el('h3', { text: x.periods }),
    series.points.length === 0
      ? el('p', { class: 'muted', 'data-testid': 'explorer-empty', text: x.empty })
      : el(
          'table',
          { class: 'league' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { class: 'text', text: x.period }),
              currencies ? el('th', { class: 'text', text: t.currency }) : null,
              el('th', { text: t.numerator }),
              ratio ? el('th', { text: t.denominator }) : null,
              el('th', { text: x.value }),
              el('th', { text: t.quota }),
              el('th', { text: t.attainment }),
              el('th', { text: x.lastYear }),
            ),
          ),
          el(
            'tbody',
            {},
            series.points.map((p) =>
              el(
                'tr',
                { 'data-testid': 'explorer-period-row', 'data-period': p.period, 'data-currency': p.currency ?? '', onclick: () => openLineage({ point: p }) },
                el(
                  'td',
                  { class: 'text' },
                  periodLabel(p.period, grain, ctx.locale, x),
                  p.provisional ? el('span', { class: 'mark', title: t.provisional, text: ' *' }) : null,
                ),
                currencies ? el('td', { class: 'text', text: x.subtotalOf(p.currency) }) : null,
                el('td', { text: formatFigure(p.numerator, 'count', ctx.locale) }),
                ratio ? el('td', { text: formatFigure(p.denominator, 'count', ctx.locale) }) : null,
                el('td', { class: 'strong', text: formatFigure(p.value, kpi.unit, ctx.locale) }),
                el('td', { text: formatFigure(p.targets.quota?.value ?? null, kpi.unit, ctx.locale) }),
                el('td', { class: attainmentTone(p.attainment.quota, kpi.higherIsBetter), text: formatPercent(p.attainment.quota, ctx.locale) }),
                el('td', { text: formatFigure(p.yoy?.value ?? null, kpi.unit, ctx.locale) }),
              ),
            ),
          ),
        ),
  );
}

// ---- the breakdown by a dimension ---------------------------------------------------------------------

/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {KpiCatalogue} cat
 * @param {Go} go
 * @param {string | null} dimension
 * @param {{ path: string, base: SeriesBase, focus: readonly KpiPoint[], lineageHost: HTMLElement }} figure
 */
async function renderBreakdown(ctx, host, kpi, cat, go, dimension, { path, base, focus: points, lineageHost }) {
  const focus = points[0];
  const t = texts(ctx.locale);
  const x = t.explorer;
  const dimensions = cat.dimensions.filter((d) => kpi.dimensions.includes(d.id));
  const choose = el(
    'select',
    { 'data-testid': 'explorer-by', onchange: (event) => go({ by: valueOf(event) || null }) },
    el('option', { value: '', text: x.chooseDimension }),
    dimensions.map((d) => el('option', { value: d.id, text: d.label })),
  );
  choose.value = dimension ?? '';
  const head = (/** @type {HTMLElement[]} */ ...actions) =>
    el('div', { class: 'panel-head' }, el('h3', { text: x.breakdown }), el('div', { class: 'actions' }, el('label', {}, choose), ...actions));
  if (dimensions.length === 0) {
    fill(host, el('h3', { text: x.breakdown }), el('p', { class: 'muted', 'data-testid': 'explorer-no-dimensions', text: x.noDimensions }));
    return;
  }
  if (!dimension) {
    fill(host, head(), el('p', { class: 'muted', text: x.chooseDimensionHelp }));
    return;
  }
  const by = dimension;
  // The breakdown of the figure: its period, or the whole range (grain=range).
  const params = { ...base, from: focus.periodStart, to: base.grain === 'range' ? focus.periodEnd : focus.periodStart, by };
  fill(host, head(), el('p', { class: 'muted', 'data-testid': 'explorer-loading', text: t.loading }));
  /** @type {KpiSeries} */
  let answer;
  try {
    answer = await api.kpiSeries(kpi.id, params);
  } catch (error) {
    if (!ctx.current()) return;
    if (error instanceof api.ApiError && error.status === 401) return ctx.handle(error);
    fill(host, head(), el('p', { class: 'form-error', 'data-testid': 'explorer-error', text: errorText(t, error) }));
    return;
  }
  if (!ctx.current()) return;
  const rows = answer.points.filter((p) => p.periodStart === focus.periodStart);
  const ratio = rows.some((p) => p.denominator !== null);
  // A distinct count's values overlap (a customer of both departments counts in each), whatever the dimension.
  const attribution = kpi.distinct ? 'multiple' : (cat.dimensions.find((d) => d.id === dimension)?.attribution ?? 'single');
  // Per currency (one figure each in branch currency above branch level): the rows of a currency add up to its figure.
  const totals = points.map((figure) => {
    const own = rows.filter((p) => p.currency === figure.currency);
    const numerator = sumDecimals(own.map((p) => p.numerator));
    const denominator = ratio ? sumDecimals(own.map((p) => p.denominator)) : null;
    return { figure, numerator, denominator, adds: sameDecimal(numerator, figure.numerator) && (!ratio || sameDecimal(denominator, figure.denominator)) };
  });
  // Branch currency above branch level: each currency's rows and subtotal, labelled (even when one currency has figures).
  const currencies = base.currency === 'branch' && base.groupBy !== 'branch' && isMoney(kpi.unit);
  const adds = totals.every((s) => s.adds);
  const downloads = tableDownloads({
    path,
    params,
    fileName: `${kpi.id}-${dimension}-${focus.period.replace('..', '_')}-${ctx.locale}`,
    testid: 'explorer-breakdown-download',
    locale: ctx.locale,
    onError: ctx.handle,
  });
  const label = (/** @type {string} */ v) => valueText(x, dimension, v);
  fill(
    host,
    head(downloads),
    rows.length === 0
      ? el('p', { class: 'muted', 'data-testid': 'explorer-empty', text: x.empty })
      : el(
          'table',
          { class: 'league' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              el('th', { class: 'text', text: answer.query.by?.label ?? dimension }),
              currencies ? el('th', { class: 'text', text: t.currency }) : null,
              el('th', { text: t.numerator }),
              ratio ? el('th', { text: t.denominator }) : null,
              el('th', { text: x.value }),
              el('th', { text: t.quota }),
              el('th', { text: t.attainment }),
            ),
          ),
          el(
            'tbody',
            {},
            rows.map((p) =>
              el(
                'tr',
                {
                  'data-testid': 'explorer-breakdown-row',
                  'data-dimension-value': p.dimensionValue ?? '',
                  'data-numerator': p.numerator,
                  'data-denominator': p.denominator ?? '',
                  onclick: () => showLineageOf(p),
                },
                el('td', { class: 'text', text: label(p.dimensionValue ?? '') }),
                currencies ? el('td', { class: 'text', text: x.subtotalOf(p.currency) }) : null,
                el('td', { text: formatFigure(p.numerator, 'count', ctx.locale) }),
                ratio ? el('td', { text: formatFigure(p.denominator, 'count', ctx.locale) }) : null,
                el('td', { class: 'strong', text: formatFigure(p.value, kpi.unit, ctx.locale) }),
                el('td', { text: formatFigure(p.targets.quota?.value ?? null, kpi.unit, ctx.locale) }),
                el('td', { class: attainmentTone(p.attainment.quota, kpi.higherIsBetter), text: formatPercent(p.attainment.quota, ctx.locale) }),
              ),
            ),
          ),
          el(
            'tfoot',
            {},
            totals.map(({ figure, numerator, denominator }) =>
              el(
                'tr',
                { 'data-testid': 'explorer-breakdown-total', 'data-currency': figure.currency ?? '' },
                el('th', { class: 'text', text: currencies ? x.subtotalOf(figure.currency) : x.total }),
                currencies ? el('th', { class: 'text', text: figure.currency }) : null,
                el('th', { text: formatFigure(numerator, 'count', ctx.locale) }),
                ratio ? el('th', { text: formatFigure(denominator, 'count', ctx.locale) }) : null,
                el('th', { text: formatFigure(figure.value, kpi.unit, ctx.locale) }),
                el('th', {}),
                el('th', {}),
              ),
            ),
          ),
        ),
    rows.length === 0
      ? null
      : el('p', {
          class: `small ${attribution === 'multiple' ? 'muted' : adds ? 'good' : 'bad'}`,
          'data-testid': 'explorer-breakdown-check',
          'data-adds-up': String(adds),
          text: attribution === 'multiple' ? x.overlaps : adds ? x.addsUp : x.doesNotAddUp,
        }),
    asOfLine(answer.asOf, ctx.locale),
  );

  /** @param {KpiPoint} point */
  function showLineageOf(point) {
    void showLineage(ctx, lineageHost, kpi, { ...base, by }, { point, dimensionValue: point.dimensionValue ?? '' });
  }
}

// ---- lineage: the facts behind a figure ---------------------------------------------------------------

/**
 * A dimension value as the page shows it: none recorded, a model without a brand (the API's
 * 'unassigned'), or the value itself.
 * @param {ExplorerTexts} x
 * @param {string} dimension
 * @param {string} value
 * @returns {string}
 */
function valueText(x, dimension, value) {
  if (value === '') return x.noValue;
  if (dimension === 'brand' && value === 'unassigned') return x.unassignedBrand;
  return value;
}

/**
 * @param {ExplorerContext} ctx
 * @param {HTMLElement} host
 * @param {CatalogueKpi} kpi
 * @param {SeriesBase} base
 * @param {LineageTarget} target
 * @param {number} [page]
 * @returns {Promise<void>}
 */
async function showLineage(ctx, host, kpi, base, { point, dimensionValue = '' }, page = 1) {
  const t = texts(ctx.locale);
  const x = t.explorer;
  host.hidden = false;
  const params = {
    grain: base.grain,
    groupBy: base.groupBy,
    unitId: point.unitId,
    periodStart: point.periodStart,
    // The whole range's figure (grain=range) runs to its last day.
    periodEnd: base.grain === 'range' ? point.periodEnd : undefined,
    // In branch currency above branch level a money figure is one currency's.
    pointCurrency: base.currency === 'branch' && base.groupBy !== 'branch' && point.currency ? point.currency : undefined,
    by: base.by,
    dimensionValue: base.by ? dimensionValue : undefined,
    currency: base.currency,
    view: base.view,
    locale: base.locale,
  };
  const path = api.lineagePath(kpi.id);
  const title = el('h3', {
    'data-testid': 'lineage-title',
    text: x.lineageTitle(base.by ? valueText(x, base.by, dimensionValue) : point.period),
  });
  fill(host, title, el('p', { class: 'muted', 'data-testid': 'lineage-loading', text: t.loading }));
  host.scrollIntoView({ block: 'start' });
  /** @type {import('../types/api').KpiLineage} */
  let answer;
  try {
    answer = await api.kpiLineage(kpi.id, { ...params, page, pageSize: LINEAGE_PAGE_SIZE });
  } catch (error) {
    if (error instanceof api.ApiError && error.status === 401) return ctx.handle(error);
    const unsupported = error instanceof api.ApiError && error.code === 'UNSUPPORTED_LINEAGE';
    fill(host, title, el('p', { class: 'form-error', 'data-testid': 'lineage-error', text: unsupported ? x.noLineage : errorText(t, error) }));
    return;
  }
  const ratio = answer.sums.denominator !== null;
  const matches = sameDecimal(answer.sums.numerator, point.numerator) && (!ratio || sameDecimal(answer.sums.denominator, point.denominator));
  const pages = Math.max(1, Math.ceil(answer.total / answer.pageSize));
  const pager = el(
    'div',
    { class: 'actions' },
    el('button', {
      type: 'button',
      class: 'secondary',
      'data-testid': 'lineage-previous',
      disabled: page <= 1,
      text: x.previous,
      onclick: () => showLineage(ctx, host, kpi, base, { point, dimensionValue }, page - 1),
    }),
    el('span', { class: 'small muted', 'data-testid': 'lineage-page', text: x.page(page, pages, answer.total) }),
    el('button', {
      type: 'button',
      class: 'secondary',
      'data-testid': 'lineage-next',
      disabled: page >= pages,
      text: x.next,
      onclick: () => showLineage(ctx, host, kpi, base, { point, dimensionValue }, page + 1),
    }),
  );
  fill(
    host,
    el(
      'div',
      { class: 'panel-head' },
      title,
      tableDownloads({
        path,
        params,
        fileName: `${kpi.id}-lineage-${point.period.replace('..', '_')}-${ctx.locale}`,
        testid: 'lineage-download',
        locale: ctx.locale,
        onError: ctx.handle,
      }),
    ),
    answer.facts.length === 0
      ? el('p', { class: 'muted', 'data-testid': 'lineage-empty', text: x.noFacts })
      : el(
          'table',
          { class: 'facts-table' },
          el(
            'thead',
            {},
            el(
              'tr',
              {},
              [x.eventId, x.stream, x.businessDate, x.document, t.branch].map((h) => el('th', { class: 'text', text: h })),
              el('th', { text: x.currency }),
              el('th', { text: t.numerator }),
              ratio ? el('th', { text: t.denominator }) : null,
            ),
          ),
          el(
            'tbody',
            {},
            answer.facts.map((f) =>
              el(
                'tr',
                { 'data-testid': 'lineage-fact', 'data-numerator': f.numerator, 'data-denominator': f.denominator ?? '' },
                el('td', { class: 'text mono', text: f.eventId }),
                el('td', { class: 'text mono', text: f.streamId ?? '—' }),
                el('td', { class: 'text', text: f.businessDate }),
                el('td', { class: 'text', text: f.reference }),
                el('td', { class: 'text', text: f.branchId }),
                el('td', { text: f.currency ?? '' }),
                el('td', { text: formatFigure(f.numerator, 'count', ctx.locale) }),
                ratio ? el('td', { text: formatFigure(f.denominator, 'count', ctx.locale) }) : null,
              ),
            ),
          ),
        ),
    pager,
    el('p', {
      class: `small ${matches ? 'good' : 'bad'}`,
      'data-testid': 'lineage-check',
      'data-matches': String(matches),
      'data-numerator': answer.sums.numerator,
      'data-denominator': answer.sums.denominator ?? '',
      text: [
        x.lineageSums(formatFigure(answer.sums.numerator, 'count', ctx.locale), ratio ? formatFigure(answer.sums.denominator, 'count', ctx.locale) : null),
        matches ? x.lineageMatches : x.lineageDiffers,
        answer.conversions?.length ? x.converted : null,
      ]
        .filter(Boolean)
        .join(' · '),
    }),
    asOfLine(answer.asOf, ctx.locale),
  );
}
