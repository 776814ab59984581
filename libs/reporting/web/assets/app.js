// The head-office dashboard: group → region → branch, KPI tiles with target attainment, monthly
// trends (Apache ECharts), league tables, and the branch manager's monthly summary with downloads.
// Plain ES modules over the reporting API; state lives in the address (#/branch/SH-01?period=…).
import * as api from './api.js';
import {
  attainmentTone,
  formatDate,
  formatFigure,
  formatHeadline,
  formatMonth,
  formatPercent,
  growthTone,
  LOCALES,
  preferredLocale,
  texts,
  unitSuffix,
} from './i18n.js';

const LOCALE_KEY = 'dealer-kpi.locale';
const $ = (selector, root = document) => root.querySelector(selector);

const state = {
  locale: LOCALES.includes(localStorage.getItem(LOCALE_KEY)) ? localStorage.getItem(LOCALE_KEY) : preferredLocale(),
  me: null,
  units: null,
  route: { level: 'group', id: null },
  period: previousMonth(new Date()),
  currency: 'group',
  view: 'restated',
  months: 24,
  selectedKpi: null,
  sort: { group: null, region: null, branch: null },
  series: new Map(),
  load: 0,
};

let trendChart = null;

function previousMonth(now) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

function addMonths(period, n) {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child !== null && child !== undefined && child !== false) node.append(child);
  return node;
}

// ---- address ↔ state -------------------------------------------------------------------------

function readAddress() {
  const [path, query = ''] = window.location.hash.replace(/^#/, '').split('?');
  const [, level, id] = path.split('/');
  state.route = level === 'region' || level === 'branch' ? { level, id: decodeURIComponent(id ?? '') } : { level: 'group', id: null };
  const params = new URLSearchParams(query || window.location.search);
  if (/^\d{4}-\d{2}$/.test(params.get('period') ?? '')) state.period = params.get('period');
  if (['group', 'branch'].includes(params.get('currency'))) state.currency = params.get('currency');
  if (['restated', 'as-closed'].includes(params.get('view'))) state.view = params.get('view');
  if (['12', '24'].includes(params.get('months'))) state.months = Number(params.get('months'));
  if (LOCALES.includes(params.get('locale'))) state.locale = params.get('locale');
}

function address(route = state.route) {
  const path = route.level === 'group' ? '/group' : `/${route.level}/${encodeURIComponent(route.id)}`;
  const params = new URLSearchParams({ period: state.period, currency: state.currency, view: state.view, months: String(state.months) });
  return `#${path}?${params}`;
}

function go(route) {
  const target = address(route);
  if (window.location.hash === target) void load();
  else window.location.hash = target;
}

// ---- sign-in ----------------------------------------------------------------------------------

function showSignIn(message) {
  $('#dashboard').hidden = true;
  $('#top-controls').hidden = true;
  $('#sign-in').hidden = false;
  showError(message ?? null);
  $('[data-testid="token-input"]').focus();
}

function showError(message) {
  const box = $('[data-testid="error"]');
  box.textContent = message ?? '';
  box.hidden = !message;
}

function handle(error) {
  const t = texts(state.locale);
  if (error instanceof api.ApiError && error.status === 401) {
    api.clearToken();
    state.me = null;
    showSignIn(t.unauthorized);
  } else if (error instanceof api.ApiError && error.status === 403) {
    showError(`${t.forbidden} (${error.message})`);
  } else {
    showError(`${t.failed}: ${error.message}`);
  }
}

// ---- static labels ----------------------------------------------------------------------------

function applyLabels() {
  const t = texts(state.locale);
  document.documentElement.lang = state.locale;
  document.title = t.title;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t[node.dataset.i18n];
  for (const option of $('[data-testid="months-select"]').options) option.textContent = t.monthsOption(Number(option.value));
  $('[data-testid="locale-select"]').value = state.locale;
  $('[data-testid="currency-select"]').value = state.currency;
  $('[data-testid="view-select"]').value = state.view;
  $('[data-testid="months-select"]').value = String(state.months);
  $('[data-testid="period-input"]').value = state.period;
  if (state.me) $('[data-testid="who"]').textContent = `${t.role[state.me.role] ?? state.me.role} · ${state.me.subject}`;
}

// ---- units and scope --------------------------------------------------------------------------

function regionOf(branchId) {
  return state.units?.regions.find((r) => r.branches.some((b) => b.id === branchId)) ?? null;
}

function branchOf(branchId) {
  return regionOf(branchId)?.branches.find((b) => b.id === branchId) ?? null;
}

function regionName(regionId) {
  const t = texts(state.locale);
  if (regionId === '') return t.noRegion;
  return state.units?.regions.find((r) => r.id === regionId)?.name || regionId;
}

/** Where a user starts, and where a route outside their scope sends them. */
function allowedRoute(route) {
  const scope = state.me.scope;
  if (scope.all) return route;
  if (route.level === 'branch' && scope.branches.includes(route.id)) return route;
  if (route.level === 'region' && scope.regions.includes(route.id)) return route;
  if (route.level === 'branch' || route.level === 'region') return route; // the server answers 403 if it is not theirs
  if (scope.regions.length > 0) return { level: 'region', id: scope.regions[0] };
  return { level: 'branch', id: scope.branches[0] };
}

function breadcrumb() {
  const t = texts(state.locale);
  const nav = $('[data-testid="breadcrumb"]');
  nav.replaceChildren();
  const crumbs = [{ route: { level: 'group', id: null }, label: t.group, testid: 'crumb-group', usable: state.me.scope.all }];
  const { level, id } = state.route;
  const regionId = level === 'region' ? id : level === 'branch' ? regionOf(id)?.id : undefined;
  if (regionId !== undefined) {
    crumbs.push({ route: { level: 'region', id: regionId }, label: regionName(regionId), testid: 'crumb-region', usable: state.me.scope.all || state.me.scope.regions.includes(regionId) });
  }
  if (level === 'branch') crumbs.push({ route: state.route, label: branchOf(id)?.name ?? id, testid: 'crumb-branch', usable: true });
  crumbs.forEach((crumb, i) => {
    const last = i === crumbs.length - 1;
    if (i > 0) nav.append(el('span', { class: 'sep', text: '›' }));
    nav.append(
      last || !crumb.usable
        ? el('span', { class: last ? 'current' : 'muted', 'data-testid': crumb.testid, text: crumb.label })
        : el('a', { href: address(crumb.route), 'data-testid': crumb.testid, text: crumb.label }),
    );
  });
}

// ---- data -------------------------------------------------------------------------------------

function seriesParams(kpiId) {
  const { level, id } = state.route;
  return {
    from: addMonths(state.period, -(state.months - 1)),
    to: state.period,
    grain: 'month',
    groupBy: level,
    regionId: level === 'region' ? id : undefined,
    branchId: level === 'branch' ? id : undefined,
    currency: state.currency,
    view: state.view,
    locale: state.locale,
  };
}

function scorecardParams(level, regionId) {
  return { period: state.period, level, regionId, currency: state.currency, locale: state.locale };
}

async function load() {
  const ticket = ++state.load;
  const t = texts(state.locale);
  readAddress();
  applyLabels();
  showError(null);
  try {
    if (!state.me) {
      [state.me, state.units] = await Promise.all([api.get('/api/v1/me'), api.get('/api/v1/units')]);
      $('#sign-in').hidden = true;
      $('#top-controls').hidden = false;
      applyLabels();
    }
    const route = allowedRoute(state.route);
    if (route !== state.route) return go(route);
    $('#dashboard').hidden = false;
    breadcrumb();
    $('[data-testid="unit-title"]').textContent = unitTitle();
    $('[data-testid="kpi-tiles"]').replaceChildren(el('p', { class: 'muted', text: t.loading }));

    const { level, id } = state.route;
    const leagueRegion = level === 'branch' ? regionOf(id)?.id : level === 'region' ? id : undefined;
    const leagues =
      level === 'group'
        ? [
            { title: t.regionTable, level: 'region', request: api.get('/api/v1/scorecard', scorecardParams('region')) },
            { title: t.leagueTable, level: 'branch', request: api.get('/api/v1/scorecard', scorecardParams('branch')) },
          ]
        : [{ title: t.leagueTable, level: 'branch', request: api.get('/api/v1/scorecard', scorecardParams('branch', leagueRegion || undefined)) }];
    const summary = level === 'branch' ? api.get(`/api/v1/branches/${encodeURIComponent(id)}/monthly-summary/${state.period}`, { format: 'json', locale: state.locale }) : null;
    const scorecards = await Promise.all(leagues.map((l) => l.request));
    const headline = scorecards[0].kpis;
    const series = await Promise.all(headline.map((k) => api.get(`/api/v1/kpis/${k.id}`, seriesParams(k.id))));
    if (ticket !== state.load) return;
    state.series = new Map(series.map((s) => [s.kpi.id, s]));
    if (!state.selectedKpi || !state.series.has(state.selectedKpi)) state.selectedKpi = headline[0]?.id ?? null;
    renderTiles(headline);
    renderTrend();
    const panels = leagues.map((l, i) => leagueTable(l.title, l.level, scorecards[i]));
    if (summary) panels.unshift(summaryPanel(await summary));
    if (ticket !== state.load) return;
    $('#children').replaceChildren(...panels);
  } catch (error) {
    if (ticket === state.load) handle(error);
  }
}

function unitTitle() {
  const t = texts(state.locale);
  const { level, id } = state.route;
  const month = formatMonth(state.period, state.locale);
  if (level === 'group') return `${t.group} · ${month}`;
  if (level === 'region') return `${regionName(id)} · ${month}`;
  const branch = branchOf(id);
  return `${branch?.name ?? id} (${id}) · ${month}`;
}

// ---- tiles ------------------------------------------------------------------------------------

/** The points of one unit, one per month, in the currency of the latest one. */
function monthlyPoints(series) {
  const last = series.points.at(-1);
  return series.points.filter((p) => p.currency === (last?.currency ?? null));
}

function sparkline(points) {
  const values = points.map((p) => (p.value === null ? null : Number(p.value)));
  const present = values.filter((v) => v !== null);
  if (present.length < 2) return null;
  const min = Math.min(...present);
  const max = Math.max(...present);
  const step = 100 / Math.max(1, values.length - 1);
  const coords = values.map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(28 - ((v - min) / (max - min || 1)) * 26).toFixed(1)}`)).filter(Boolean);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 100 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', coords.join(' '));
  svg.append(line);
  return svg;
}

function renderTiles(headline) {
  const t = texts(state.locale);
  const tiles = headline.map((k) => {
    const series = state.series.get(k.id);
    const points = monthlyPoints(series);
    const point = points.find((p) => p.period === state.period) ?? null;
    const quota = point?.attainment.quota ?? null;
    const stretch = point?.attainment.stretch ?? null;
    const closedDiff = point?.closed && point.closed.difference !== null && Number(point.closed.difference) !== 0 ? point.closed : null;
    const bar = quota === null ? null : el('div', { class: 'bar' }, el('div', { class: `fill ${attainmentTone(quota, k.higherIsBetter)}`, style: `width:${Math.min(100, Math.max(0, Number(quota)))}%` }));
    return el(
      'button',
      {
        class: `tile${state.selectedKpi === k.id ? ' selected' : ''}`,
        type: 'button',
        'data-testid': 'kpi-tile',
        'data-kpi': k.id,
        onclick: () => {
          state.selectedKpi = k.id;
          for (const tile of document.querySelectorAll('.tile')) tile.classList.toggle('selected', tile.dataset.kpi === k.id);
          renderTrend();
        },
      },
      el('div', { class: 'tile-label', text: k.label }),
      el(
        'div',
        { class: 'tile-value' },
        el('span', { 'data-testid': 'tile-value', title: formatFigure(point?.value ?? null, k.unit, state.locale), text: formatHeadline(point?.value ?? null, k.unit, state.locale) }),
        el('span', { class: 'tile-unit', text: unitSuffix(k.unit, point?.currency ?? null, state.locale) }),
        point?.provisional
          ? el('span', { class: 'badge provisional', 'data-testid': 'provisional-badge', title: point.provisionalUntil ? t.provisionalUntil(formatDate(point.provisionalUntil, state.locale)) : t.provisional, text: t.provisional })
          : null,
      ),
      bar,
      el(
        'div',
        { class: 'tile-facts' },
        el('span', {}, `${t.quota} `, el('b', { class: attainmentTone(quota, k.higherIsBetter), 'data-testid': 'tile-attainment', text: formatPercent(quota, state.locale) })),
        el('span', {}, `${t.stretch} `, el('b', { class: attainmentTone(stretch, k.higherIsBetter), text: formatPercent(stretch, state.locale) })),
      ),
      el(
        'div',
        { class: 'tile-facts' },
        el('span', {}, `${t.mom} `, el('b', { class: growthTone(point?.mom?.growthPercent ?? null, k.higherIsBetter), text: formatPercent(point?.mom?.growthPercent ?? null, state.locale, true) })),
        el('span', {}, `${t.yoy} `, el('b', { class: growthTone(point?.yoy?.growthPercent ?? null, k.higherIsBetter), text: formatPercent(point?.yoy?.growthPercent ?? null, state.locale, true) })),
      ),
      closedDiff ? el('div', { class: 'tile-note', text: t.closedDiff(formatFigure(closedDiff.asClosed.value, k.unit, state.locale)) }) : null,
      sparkline(points),
    );
  });
  $('[data-testid="kpi-tiles"]').replaceChildren(...tiles);
}

// ---- trend chart ------------------------------------------------------------------------------

function renderTrend() {
  const t = texts(state.locale);
  const series = state.series.get(state.selectedKpi);
  const host = $('[data-testid="trend-chart"]');
  if (!series) return;
  $('#trend-title').textContent = `${series.kpi.label} · ${t.trend}`;
  const byPeriod = new Map(monthlyPoints(series).map((p) => [p.period, p]));
  const months = Array.from({ length: state.months }, (_, i) => addMonths(state.period, i - (state.months - 1)));
  const points = months.map((m) => byPeriod.get(m) ?? null);
  const unit = series.kpi.unit;
  const number = (v) => (v === null || v === undefined ? null : Number(v));
  const currency = points.find((p) => p?.currency)?.currency ?? null;
  const suffix = unitSuffix(unit, currency, state.locale);
  host.dataset.points = String(points.filter((p) => p?.value != null).length);
  host.dataset.provisional = String(points.filter((p) => p?.provisional).length);
  trendChart ??= window.echarts.init(host, null, { renderer: 'canvas' });
  trendChart.setOption(
    {
      animation: false,
      color: ['#1d4e89', '#b26a00', '#1e7d32'],
      tooltip: {
        trigger: 'axis',
        formatter: (items) => {
          const point = points[items[0]?.dataIndex ?? 0];
          const lines = items.map((i) => `${i.marker}${i.seriesName}: ${i.value === null || i.value === undefined ? '—' : formatFigure(String(i.value), unit, state.locale)} ${suffix}`);
          if (point?.provisional) lines.push(`* ${t.provisional}`);
          return [items[0]?.axisValueLabel ?? '', ...lines].join('<br>');
        },
      },
      legend: { top: 0 },
      grid: { left: 70, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: months.map((m) => formatMonth(m, state.locale)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v) => formatHeadline(String(v), unit === 'money' ? 'money' : 'count', state.locale) } },
      series: [
        {
          name: t.actual,
          type: series.kpi.rollUp === 'sum' ? 'bar' : 'line',
          data: points.map((p) => ({
            value: number(p?.value),
            symbol: p?.provisional ? 'emptyCircle' : 'circle',
            symbolSize: p?.provisional ? 9 : 6,
            itemStyle: p?.provisional ? { opacity: 0.45, borderType: 'dashed' } : undefined,
          })),
        },
        { name: t.quota, type: 'line', symbol: 'none', lineStyle: { type: 'dashed' }, data: points.map((p) => number(p?.targets.quota?.value)) },
        { name: t.stretch, type: 'line', symbol: 'none', lineStyle: { type: 'dotted' }, data: points.map((p) => number(p?.targets.stretch?.value)) },
      ],
    },
    true,
  );
}

// ---- league tables ----------------------------------------------------------------------------

function leagueTable(title, level, card) {
  const t = texts(state.locale);
  const sortKpi = state.sort[level] ?? card.kpis[0]?.id;
  const rank = (row) => row.figures[sortKpi]?.rank ?? Number.MAX_SAFE_INTEGER;
  const rows = [...card.rows].sort((a, b) => rank(a) - rank(b) || a.unitName.localeCompare(b.unitName));
  const head = el(
    'tr',
    {},
    el('th', { class: 'num', text: '#' }),
    el('th', { class: 'text', text: level === 'region' ? t.region : t.branch }),
    card.kpis.map((k) =>
      el('th', {
        class: `num sortable${k.id === sortKpi ? ' sorted' : ''}`,
        'data-kpi': k.id,
        title: t.sortHint,
        text: k.label,
        onclick: () => {
          state.sort[level] = k.id;
          const table = leagueTable(title, level, card);
          $(`[data-testid="league-${level}"]`).replaceWith(table);
        },
      }),
    ),
  );
  const body = rows.map((row) => {
    const target = level === 'region' ? { level: 'region', id: row.unitId } : { level: 'branch', id: row.unitId };
    const current = state.route.level === 'branch' && state.route.id === row.unitId;
    return el(
      'tr',
      { 'data-testid': 'league-row', 'data-unit': row.unitId, class: current ? 'current' : '', onclick: () => go(target) },
      el('td', { class: 'num', text: row.figures[sortKpi]?.rank ?? '—' }),
      el('td', { class: 'text' }, el('a', { href: address(target), text: level === 'region' && row.unitId === '' ? t.noRegion : row.unitName })),
      card.kpis.map((k) => {
        const f = row.figures[k.id];
        return el(
          'td',
          { class: 'num', 'data-kpi': k.id },
          el('div', {}, formatHeadline(f?.value ?? null, k.unit, state.locale), f?.provisional ? el('span', { class: 'mark', title: t.provisional, 'data-testid': 'provisional-mark', text: ' *' }) : null),
          el('div', { class: `small ${attainmentTone(f?.quotaAttainment ?? null, k.higherIsBetter)}`, text: f?.quotaAttainment ? formatPercent(f.quotaAttainment, state.locale) : '' }),
        );
      }),
    );
  });
  return el(
    'section',
    { class: 'panel', 'data-testid': `league-${level}` },
    el('h3', { text: title }),
    rows.length === 0 ? el('p', { class: 'muted', text: t.noData }) : el('table', { class: 'league' }, el('thead', {}, head), el('tbody', {}, body)),
  );
}

// ---- the branch's monthly summary -------------------------------------------------------------

function summaryPanel(summary) {
  const t = texts(state.locale);
  const s = summary.text;
  const path = `/api/v1/branches/${encodeURIComponent(summary.branch.id)}/monthly-summary/${summary.period}`;
  const button = (format, label) =>
    el('button', {
      type: 'button',
      class: 'download',
      'data-testid': `download-${format}`,
      text: label,
      onclick: () => api.download(path, { format, locale: state.locale }, `${summary.branch.id}-${summary.period}.${format}`).catch(handle),
    });
  const comparison = (row, c) => {
    if (!c) return '—';
    if (row.unit === 'percent') return c.change === null ? '—' : `${new Intl.NumberFormat(state.locale, { signDisplay: 'exceptZero', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(c.change)} ${t.points}`;
    return `${formatPercent(c.growthPercent, state.locale, true)}${c.likeForLike ? '' : ' †'}`;
  };
  const sections = summary.sections.map((section) =>
    el(
      'tbody',
      { 'data-section': section.id },
      el('tr', { class: 'band' }, el('th', { colspan: '9', text: section.title })),
      section.rows.map((row) =>
        el(
          'tr',
          { 'data-kpi': row.kpiId },
          el('td', { class: 'text', text: row.label }),
          el('td', { class: 'text muted', text: unitSuffix(row.unit, row.currency, state.locale) }),
          el(
            'td',
            { class: 'num strong' },
            formatFigure(row.value, row.unit, state.locale),
            row.provisional ? el('span', { class: 'mark', title: s.provisional, text: ' *' }) : null,
            row.asClosedValue !== null ? el('div', { class: 'small muted', text: `${s.asClosed}: ${formatFigure(row.asClosedValue, row.unit, state.locale)}` }) : null,
          ),
          el('td', { class: 'num', text: formatFigure(row.quota, row.unit, state.locale) }),
          el('td', { class: `num ${attainmentTone(row.quotaAttainment, row.higherIsBetter)}`, text: formatPercent(row.quotaAttainment, state.locale) }),
          el('td', { class: `num ${attainmentTone(row.stretchAttainment, row.higherIsBetter)}`, text: formatPercent(row.stretchAttainment, state.locale) }),
          el('td', { class: `num ${growthTone(row.mom?.change ?? null, row.higherIsBetter)}`, text: comparison(row, row.mom) }),
          el('td', { class: `num ${growthTone(row.yoy?.change ?? null, row.higherIsBetter)}`, text: comparison(row, row.yoy) }),
          el('td', { class: 'num', text: row.rankInRegion ? `${row.rankInRegion.rank} / ${row.rankInRegion.of}` : '—' }),
        ),
      ),
    ),
  );
  return el(
    'section',
    { class: 'panel', 'data-testid': 'monthly-summary' },
    el(
      'div',
      { class: 'panel-head' },
      el('h3', { text: t.monthlySummary }),
      el(
        'div',
        { class: 'actions' },
        button('pdf', t.downloadPdf),
        button('xlsx', t.downloadXlsx),
        button('csv', t.downloadCsv),
        el('button', { type: 'button', class: 'download secondary', 'data-testid': 'open-html', text: t.print, onclick: () => api.openPage(path, { format: 'html', locale: state.locale }).catch(handle) }),
      ),
    ),
    el(
      'table',
      { class: 'summary' },
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          [s.kpi, t.unit, s.value, s.plan, s.attainment, t.stretchAttainment, s.mom, s.yoy, s.rank].map((label, i) => el('th', { class: i < 2 ? 'text' : 'num', text: label })),
        ),
      ),
      sections,
    ),
    summary.closedAt ? el('p', { class: 'small muted', text: `${t.closedOn} ${formatDate(summary.closedAt, state.locale)}` }) : null,
  );
}

// ---- wiring -----------------------------------------------------------------------------------

function wire() {
  $('#sign-in form').addEventListener('submit', (event) => {
    event.preventDefault();
    const value = $('[data-testid="token-input"]').value.trim();
    if (!value) return;
    api.setToken(value);
    void load();
  });
  $('[data-testid="sign-out"]').addEventListener('click', () => {
    api.clearToken();
    state.me = null;
    showSignIn();
  });
  $('[data-testid="locale-select"]').addEventListener('change', (event) => {
    state.locale = event.target.value;
    localStorage.setItem(LOCALE_KEY, state.locale);
    void load();
  });
  const control = (testid, apply) =>
    $(`[data-testid="${testid}"]`).addEventListener('change', (event) => {
      apply(event.target.value);
      go(state.route);
    });
  control('currency-select', (v) => (state.currency = v));
  control('view-select', (v) => (state.view = v));
  control('months-select', (v) => (state.months = Number(v)));
  control('period-input', (v) => {
    if (/^\d{4}-\d{2}$/.test(v)) state.period = v;
  });
  window.addEventListener('hashchange', () => void load());
  window.addEventListener('resize', () => trendChart?.resize());
}

api.takeTokenFromUrl();
readAddress();
applyLabels();
wire();
if (api.token()) void load();
else showSignIn();
