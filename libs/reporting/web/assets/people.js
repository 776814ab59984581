// The People page: the league tables of sales consultants, service advisors and technicians
// (GET /api/v1/league-tables/{table}) for the group, a region or a branch in the signed-in user's
// scope, over a month, a quarter or the year to date, in the dashboard's period, currency and
// view; each KPI with the person's own quota and stretch and their attainment, the ranks within
// branch and region, and the table's Excel and CSV downloads. Address: #/people/<table>/<level>/<id>.
import * as api from './api.js';
import { el, isOneOf, valueOf } from './dom.js';
import { tableDownloads } from './downloads.js';
import { attainmentTone, formatDate, formatFigure, formatHeadline, formatMonth, formatPercent, isMoney as isMoneyUnit, texts, unitSuffix } from './i18n.js';

/**
 * @import { Level, LeagueFigure, LeagueSpan, LeagueTable, LeagueTableId, Me, Units } from '../types/api'
 * @import { Locale } from './format.js'
 * @import { Texts } from './i18n.js'
 */
/**
 * The page's place: a table, a unit (the group's id is null) and a span.
 * @typedef {{ table: LeagueTableId, level: Level, id: string | null, span: LeagueSpan }} PeopleRoute
 */
/**
 * What the page is given (app.js): the language, the caller and their units, the place, the dashboard's
 * period, currency and view; `go` to another place, `errorText` of a failure, `handle` of a 401.
 * @typedef {object} PeopleContext
 * @property {Locale} locale
 * @property {Me} me
 * @property {Units | null} units
 * @property {PeopleRoute} route
 * @property {string} period
 * @property {string} currency
 * @property {string} view
 * @property {(route: PeopleRoute) => void} go
 * @property {(error: unknown) => string} errorText
 * @property {(error: unknown) => void} handle
 */
/** @typedef {{ level: Level, id: string | null, label: string }} UnitChoice */
/** @typedef {Texts['people']} PeopleTexts */

/** @type {readonly LeagueTableId[]} */
const PEOPLE_TABLES = ['consultants', 'service-advisors', 'technicians'];
/** @type {readonly LeagueSpan[]} */
const PEOPLE_SPANS = ['month', 'quarter', 'ytd'];

/**
 * The page's place from the address path's parts after `people` and its query: `{ table, level, id, span }`.
 * @param {string[]} parts
 * @param {URLSearchParams} params
 * @returns {PeopleRoute}
 */
export function parsePeopleRoute(parts, params) {
  const [table, level, id] = parts;
  const span = params.get('span');
  // A region or branch needs its id; anything else is the group.
  /** @type {{ level: Level, id: string | null }} */
  const unit = (level === 'region' || level === 'branch') && id ? { level, id: decodeURIComponent(id) } : { level: 'group', id: null };
  return { table: isOneOf(PEOPLE_TABLES, table) ? table : 'consultants', ...unit, span: isOneOf(PEOPLE_SPANS, span) ? span : 'month' };
}

/**
 * `#/people/<table>/<level>[/<id>]?span=…&…shared` — the shared query (period, currency, view, months) as the dashboard keeps it.
 * @param {PeopleRoute} route
 * @param {Record<string, string>} shared
 */
export function peopleAddress(route, shared) {
  const unit = route.level === 'group' ? 'group' : `${route.level}/${encodeURIComponent(route.id ?? '')}`;
  return `#/people/${route.table}/${unit}?${new URLSearchParams({ ...shared, span: route.span })}`;
}

/**
 * The units the user may pick: the group (head office's), then each region and branch of their scope.
 * @param {Me['scope']} scope
 * @param {Units | null} units
 * @param {Texts} t
 */
function unitChoices(scope, units, t) {
  const regions = (units?.regions ?? []).filter((r) => r.id !== '');
  /** @type {UnitChoice[]} */
  const choices = [];
  if (scope.all) choices.push({ level: 'group', id: null, label: t.group });
  for (const region of regions) {
    if (scope.all || scope.regions.includes(region.id)) choices.push({ level: 'region', id: region.id, label: region.name || region.id });
  }
  for (const region of units?.regions ?? []) {
    for (const branch of region.branches) {
      if (scope.all || scope.regions.includes(region.id) || scope.branches.includes(branch.id))
        choices.push({ level: 'branch', id: branch.id, label: `${branch.name} (${branch.id})` });
    }
  }
  return choices;
}

/** @param {{ level: Level, id: string | null }} c */
const choiceValue = (c) => (c.level === 'group' ? 'group' : `${c.level}:${c.id}`);

/**
 * Renders the page into `host` and loads its table. `ctx`: { locale, me, units, route (parsePeopleRoute),
 * period, currency, view, go(route) (to another table, span or unit), errorText(error), handle(error) (a 401) }.
 * @param {HTMLElement} host
 * @param {PeopleContext} ctx
 * @returns {Promise<void>}
 */
export function peoplePage(host, ctx) {
  const t = texts(ctx.locale);
  const p = t.people;
  const { route } = ctx;
  const choices = unitChoices(ctx.me.scope, ctx.units, t);
  const unitSelect = el(
    'select',
    { 'data-testid': 'people-unit', onchange: (event) => ctx.go({ ...route, ...choices.find((c) => choiceValue(c) === valueOf(event)) }) },
    choices.map((c) => el('option', { value: choiceValue(c), text: c.label })),
  );
  unitSelect.value = choiceValue(route);
  const spanSelect = el(
    'select',
    {
      'data-testid': 'people-span',
      onchange: (event) => {
        const span = valueOf(event);
        if (isOneOf(PEOPLE_SPANS, span)) ctx.go({ ...route, span });
      },
    },
    PEOPLE_SPANS.map((s) => el('option', { value: s, text: p.spans[s] })),
  );
  spanSelect.value = route.span;
  const tablePicker = el(
    'div',
    { class: 'picker', role: 'group', 'aria-label': p.table, 'data-testid': 'people-tables' },
    PEOPLE_TABLES.map((id) =>
      el('button', {
        type: 'button',
        class: id === route.table ? 'picked' : 'secondary',
        'aria-pressed': id === route.table ? 'true' : 'false',
        'data-testid': `people-table-${id}`,
        text: p.tables[id],
        onclick: () => ctx.go({ ...route, table: id }),
      }),
    ),
  );
  const unitLabel = choices.find((c) => choiceValue(c) === choiceValue(route))?.label ?? route.id ?? t.group;
  const content = el('div', { 'data-testid': 'people-content' });
  host.replaceChildren(
    el('h2', {
      class: 'unit-title',
      'data-testid': 'people-title',
      text: `${p.tables[route.table]} · ${unitLabel} · ${spanTitle(route.span, ctx.period, ctx.locale, p)}`,
    }),
    el(
      'div',
      { class: 'people-controls' },
      tablePicker,
      el('label', {}, el('span', { text: p.unit }), unitSelect),
      el('label', {}, el('span', { text: p.span }), spanSelect),
    ),
    content,
  );
  showState(content, 'loading', t.loading);

  const params = {
    period: ctx.period,
    span: route.span,
    regionId: route.level === 'region' ? route.id : undefined,
    branchId: route.level === 'branch' ? route.id : undefined,
    currency: ctx.currency,
    view: ctx.view,
    locale: ctx.locale,
  };
  const path = `/api/v1/league-tables/${route.table}`;
  return api.leagueTable(route.table, params).then(
    (table) => {
      if (!host.contains(content)) return; // the page moved on
      content.replaceChildren(
        el(
          'section',
          { class: 'panel', 'data-testid': 'people-panel', 'data-table': table.table, 'data-span': table.span },
          el(
            'div',
            { class: 'panel-head' },
            el('h3', { text: p.rankedBy(table.kpis.find((k) => k.id === table.rankedBy)?.label ?? table.rankedBy) }),
            tableDownloads({
              path,
              params,
              fileName: `league-${table.table}-${table.span}-${table.period}-${table.currency}-${ctx.locale}`,
              testid: 'people-download',
              locale: ctx.locale,
              onError: (error) => showState(content, 'error', ctx.errorText(error), true),
            }),
          ),
          table.rows.length === 0 ? stateBox('empty', p.empty) : peopleTable(table, ctx),
          el('p', {
            class: 'small muted',
            'data-testid': 'people-note',
            text: [p.note(formatDate(table.from, ctx.locale), formatDate(table.to, ctx.locale)), table.span === 'ytd' ? p.ytdNote : null]
              .filter(Boolean)
              .join(' '),
          }),
        ),
      );
    },
    (error) => {
      if (!host.contains(content)) return;
      if (error instanceof api.ApiError && error.status === 401) ctx.handle(error);
      else showState(content, error instanceof api.ApiError && error.status === 403 ? 'forbidden' : 'error', ctx.errorText(error));
    },
  );
}

/**
 * @param {LeagueSpan} span
 * @param {string} period
 * @param {Locale} locale
 * @param {PeopleTexts} p
 */
function spanTitle(span, period, locale, p) {
  const month = formatMonth(period, locale);
  return span === 'month' ? month : p.spanOf[span](month);
}

/** @typedef {'loading' | 'empty' | 'forbidden' | 'error'} PeopleState */

/**
 * @param {PeopleState} state
 * @param {string} text
 */
function stateBox(state, text) {
  return el('p', {
    class: state === 'loading' || state === 'empty' ? 'muted' : 'form-error',
    'data-testid': 'people-state',
    'data-state': state,
    role: 'status',
    text,
  });
}

/**
 * Loading, empty, forbidden or error in place of the table (`keep`: above the table, which stays).
 * @param {HTMLElement} content
 * @param {PeopleState} state
 * @param {string} text
 */
function showState(content, state, text, keep = false) {
  const box = stateBox(state, text);
  if (keep) {
    content.querySelector('[data-testid="people-state"]')?.remove();
    content.prepend(box);
  } else content.replaceChildren(box);
}

/**
 * @param {LeagueTable} table
 * @param {PeopleContext} ctx
 */
function peopleTable(table, ctx) {
  const t = texts(ctx.locale);
  const p = t.people;
  const groupCurrency = ctx.units?.groupCurrency ?? '';
  const showBranch = !(ctx.route.level === 'branch');
  const head = el(
    'tr',
    {},
    el('th', { class: 'num', title: p.rankInBranchHint, text: p.rankInBranch }),
    el('th', { class: 'num', title: p.rankInRegionHint, text: p.rankInRegion }),
    el('th', { class: 'text', text: p.person }),
    showBranch ? el('th', { class: 'text', text: t.branch }) : null,
    table.kpis.map((k) =>
      el('th', {
        class: 'num',
        'data-kpi': k.id,
        text: isMoneyUnit(k.unit) ? `${k.label} (${table.currency === 'group' ? groupCurrency : t.currencyBranch})` : k.label,
      }),
    ),
  );
  const body = table.rows.map((row) =>
    el(
      'tr',
      { 'data-testid': 'people-row', 'data-person': row.personId, 'data-branch': row.branchId },
      el('td', { class: 'num', 'data-testid': 'rank-in-branch', text: row.rankInBranch ?? '—' }),
      el('td', { class: 'num', 'data-testid': 'rank-in-region', text: row.rankInRegion ?? '—' }),
      el('td', { class: 'text', 'data-testid': 'person', text: row.personId }),
      showBranch ? el('td', { class: 'text', text: row.branchName }) : null,
      table.kpis.map((k) => figureCell(k, row.figures[k.id], ctx.locale, p, t)),
    ),
  );
  return el('table', { class: 'people', 'data-testid': 'people-table' }, el('thead', {}, head), el('tbody', {}, body));
}

/**
 * A KPI's cell: the figure (money with its currency), then the quota and stretch with their attainment.
 * @param {LeagueTable['kpis'][number]} k
 * @param {LeagueFigure | undefined} f
 * @param {Locale} locale
 * @param {PeopleTexts} p
 * @param {Texts} t
 */
function figureCell(k, f, locale, p, t) {
  /** @param {string | null} value */
  const figure = (value) => (k.unit === 'money' ? formatHeadline(value, k.unit, locale) : formatFigure(value, k.unit, locale));
  const suffix = unitSuffix(k.unit, f?.currency ?? null, locale);
  /**
   * @param {'quota' | 'stretch'} kind
   * @param {string} label
   * @param {import('../types/api').TargetFigure | null | undefined} goal
   * @param {string | null} attainment
   */
  const target = (kind, label, goal, attainment) =>
    goal
      ? el(
          'div',
          { class: 'small', 'data-testid': `people-${kind}`, 'data-value': goal.value, 'data-attainment': attainment ?? '' },
          // A money target carries its own currency (the grain's): it may differ from the figure's (group currency).
          `${label} ${figure(goal.value)}${isMoneyUnit(k.unit) ? ` ${unitSuffix(k.unit, goal.unit, locale)}` : ''} · `,
          el('b', { class: attainmentTone(attainment, k.higherIsBetter), text: formatPercent(attainment, locale) }),
        )
      : null;
  return el(
    'td',
    { class: 'num', 'data-kpi': k.id },
    el(
      'div',
      { 'data-testid': 'people-value', 'data-value': f?.value ?? '', title: formatFigure(f?.value ?? null, k.unit, locale) },
      figure(f?.value ?? null),
      isMoneyUnit(k.unit) && f?.value != null ? el('span', { class: 'cell-currency', 'data-testid': 'cell-currency', text: ` ${suffix}` }) : null,
      f?.provisional ? el('span', { class: 'mark', title: t.provisional, text: ' *' }) : null,
    ),
    target('quota', t.quota, f?.quota, f?.quotaAttainment ?? null),
    target('stretch', t.stretch, f?.stretch, f?.stretchAttainment ?? null),
  );
}
