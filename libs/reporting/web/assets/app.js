// The head-office dashboard: group → region → branch, KPI tiles with target attainment, monthly
// trends (Apache ECharts), league tables, the branch manager's monthly summary with downloads,
// head office's page of users, and the KPI explorer (explorer.js). Sign-in with a username and
// password, or with the company's OpenID provider (authorization code + PKCE) when the platform is
// configured for it; the session's token stays in this tab's sessionStorage. Plain ES modules over
// the API; state lives in the address (#/branch/SH-01?period=…, #/users, #/kpi/revenue/group).
import * as api from './api.js';
import { axisTooltip, lastFigureLabel, monthAxis } from './charts.js';
import { $, $$, el, isOneOf, valueOf } from './dom.js';
import { readerTimeZone, tableDownloads } from './downloads.js';
import { asOfLine, errorText } from './messages.js';
import {
  attainmentTone,
  formatDate,
  formatFigure,
  formatHeadline,
  formatMonth,
  formatPercent,
  formatPoints,
  growthTone,
  isMoney,
  labelOf,
  LOCALES,
  preferredLocale,
  texts,
  unitSuffix,
  wordFor,
} from './i18n.js';
import { explorerAddress, explorerPage, readExplorerAddress, resizeExplorerChart } from './explorer.js';
import * as oidc from './oidc.js';
import { parsePeopleRoute, peopleAddress, peoplePage } from './people.js';
import { subscriptionsPage } from './subscriptions.js';
import { usersPage } from './users.js';

const LOCALE_KEY = 'dealer-kpi.locale';
/** setTimeout's longest delay (about 24.8 days). */
const MAX_DELAY = 2 ** 31 - 1;

/**
 * @import { CurrencyChoice, KpiPoint, KpiSeries, Level, Me, MonthlySummary, Scorecard, SignedInUser, SignInConfig, SummaryComparison, SummaryRow, Units, View } from '../types/api'
 * @import { ExplorerAddress } from './explorer.js'
 * @import { Locale } from './format.js'
 * @import { Texts } from './i18n.js'
 * @import { PeopleRoute } from './people.js'
 */
/**
 * What the page shows and who is signed in (the API's answers typed by ../types/api.d.ts).
 * @typedef {{ level: Level, id: string | null }} Route
 * @typedef {'dashboard' | 'users' | 'subscriptions' | 'explorer' | 'people'} Page
 * @typedef {'sessionEnded' | 'signedOut' | 'invalidCredentials' | 'tooManyAttempts' | 'networkError' | 'unavailable' | 'failed' | 'oidcFailed' | 'oidcDenied' | 'oidcStateMismatch'} SignInKey
 * @typedef {{ key: SignInKey, arg?: number | null, tone?: 'error' | 'info' }} SignInMessage
 * @typedef {{ kind: 'forbidden' | 'error', code?: string | null, text: (t: Texts) => string }} Notice
 * @typedef {object} State
 * @property {Locale} locale
 * @property {SignInConfig} config
 * @property {Me | null} me
 * @property {SignedInUser | null} user
 * @property {Units | null} units
 * @property {Page} page
 * @property {Route} route
 * @property {ExplorerAddress | null} explorer
 * @property {PeopleRoute | null} people
 * @property {string} period
 * @property {CurrencyChoice} currency
 * @property {View} view
 * @property {number} months
 * @property {string | null} selectedKpi
 * @property {Partial<Record<Level, string | null>>} sort
 * @property {Map<string, KpiSeries>} series
 * @property {number} load
 * @property {SignInMessage | null} signInMessage
 * @property {Notice | null} notice
 * @property {ReturnType<typeof setTimeout> | undefined} expiryTimer
 */

/** @param {string | null} value @returns {value is Locale} */
const isLocale = (value) => isOneOf(LOCALES, value);
/** @type {readonly CurrencyChoice[]} */
const CURRENCIES = ['group', 'branch'];
/** @type {readonly View[]} */
const VIEWS = ['restated', 'as-closed'];

const storedLocale = localStorage.getItem(LOCALE_KEY);
/** @type {State} */
const state = {
  locale: isLocale(storedLocale) ? storedLocale : preferredLocale(),
  /** GET /api/v1/auth/config: `{ signIn: 'password' | 'oidc', oidc? }`. */
  config: { signIn: 'password' },
  /** GET /api/v1/me: role and resolved scope. */
  me: null,
  /** The signed-in user (sign-in answer or GET /api/v1/auth/me), null for other tokens. */
  user: null,
  units: null,
  page: 'dashboard',
  route: { level: 'group', id: null },
  /** The KPI explorer's address (#/kpi/<kpiId>/<level>/<id>?range=…). */
  explorer: null,
  /** The People page's table, unit and span (people.js). */
  people: null,
  period: previousMonth(new Date()),
  currency: 'group',
  view: 'restated',
  months: 24,
  selectedKpi: null,
  sort: { group: null, region: null, branch: null },
  series: new Map(),
  load: 0,
  /** The sign-in form's message: `{ key, arg?, tone }` (re-translated when the language changes). */
  signInMessage: null,
  /** The page-wide refusal or failure shown in place of the content: `{ kind, key, arg? }`. */
  notice: null,
  expiryTimer: undefined,
};

/** @type {import('echarts').ECharts | null} */
let trendChart = null;

/** @param {Date} now */
function previousMonth(now) {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  return d.toISOString().slice(0, 7);
}

/**
 * @param {string} period
 * @param {number} n
 */
function addMonths(period, n) {
  const [y, m] = period.split('-').map(Number);
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 7);
}

// ---- address ↔ state -------------------------------------------------------------------------

function readAddress() {
  const [path = '', query = ''] = window.location.hash.replace(/^#/, '').split('?');
  const [, level, id] = path.split('/');
  state.page = level === 'users' || level === 'people' || level === 'subscriptions' ? level : level === 'kpi' ? 'explorer' : 'dashboard';
  if (state.page === 'dashboard') {
    state.route = level === 'region' || level === 'branch' ? { level, id: decodeURIComponent(id ?? '') } : { level: 'group', id: null };
  }
  const params = new URLSearchParams(query || window.location.search);
  if (state.page === 'people') state.people = parsePeopleRoute(path.split('/').slice(2), params);
  const period = params.get('period');
  if (period && /^\d{4}-\d{2}$/.test(period)) state.period = period;
  if (state.page === 'explorer') state.explorer = readExplorerAddress(path, params, state.period);
  const [currency, view, months, locale] = ['currency', 'view', 'months', 'locale'].map((name) => params.get(name) ?? '');
  if (isOneOf(CURRENCIES, currency)) state.currency = currency;
  if (isOneOf(VIEWS, view)) state.view = view;
  if (['12', '24'].includes(months)) state.months = Number(months);
  if (isLocale(locale)) state.locale = locale;
}

/** @param {Route} [route] */
function address(route = state.route) {
  const path = route.level === 'group' ? '/group' : `/${route.level}/${encodeURIComponent(route.id ?? '')}`;
  const params = new URLSearchParams({ period: state.period, currency: state.currency, view: state.view, months: String(state.months) });
  return `#${path}?${params}`;
}

/**
 * The People page's address: the dashboard's period, currency, view and months kept.
 * @param {PeopleRoute} route
 */
function peopleHash(route) {
  return peopleAddress(route, { period: state.period, currency: state.currency, view: state.view, months: String(state.months) });
}

/**
 * To a unit of the dashboard, or a place of the People page (on that page).
 * @param {Route | PeopleRoute} route
 */
function go(route) {
  const target = state.page === 'people' && 'table' in route ? peopleHash(route) : address(route);
  if (window.location.hash === target) void load();
  else window.location.hash = target;
}

/** Tokens never travel in the address: an old `?token=` link loses it, unused. */
function dropTokenFromAddress() {
  const url = new URL(window.location.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  window.history.replaceState(null, '', url.pathname + url.search + url.hash);
}

// ---- which part of the page shows ---------------------------------------------------------------

/** @param {'sign-in' | 'notice' | Page} part */
function show(part) {
  for (const id of ['sign-in', 'notice', 'dashboard', 'users', 'subscriptions', 'explorer', 'people']) $(`#${id}`).hidden = id !== part;
  const signedIn = part !== 'sign-in';
  $('#account').hidden = !signedIn;
  $('#pages').hidden = !signedIn;
  $('#top-controls').hidden = part !== 'dashboard' && part !== 'people';
  const months = $('[data-testid="months-select"]').parentElement;
  if (months) months.hidden = part === 'people';
  if (!signedIn) $('[data-testid="breadcrumb"]').replaceChildren();
}

// ---- messages ---------------------------------------------------------------------------------

/** @param {string | null} message */
function showError(message) {
  const box = $('[data-testid="error"]');
  box.textContent = message ?? '';
  box.hidden = !message;
}

/**
 * A refusal (403) or failure shown in place of the page's content, never a stuck "loading".
 * @param {Notice} notice
 */
function showNotice(notice) {
  state.notice = notice;
  renderNotice();
  show('notice');
}

function renderNotice() {
  if (!state.notice) return;
  const t = texts(state.locale);
  const { kind, text } = state.notice;
  const box = $('#notice');
  box.dataset.kind = kind;
  box.dataset.code = state.notice.code ?? '';
  $('[data-testid="notice-title"]').textContent = kind === 'forbidden' ? t.forbiddenTitle : t.failed;
  $('[data-testid="notice-text"]').textContent = text(t);
  const home = $('[data-testid="notice-home"]');
  home.hidden = !state.me;
  if (state.me && home instanceof HTMLAnchorElement) home.href = address(allowedRoute({ level: 'group', id: null }, true));
}

/**
 * What an error does: a 401 ends the session; on a page load a 403 or failure replaces the content.
 * @param {unknown} error
 * @param {{ page?: boolean }} [options]
 */
function handle(error, { page = false } = {}) {
  if (error instanceof api.ApiError && error.status === 401) {
    endSession();
    return;
  }
  const copy = error;
  if (page)
    showNotice({
      kind: error instanceof api.ApiError && error.status === 403 ? 'forbidden' : 'error',
      code: error instanceof api.ApiError ? error.code : null,
      text: (t) => errorText(t, copy),
    });
  else showError(errorText(texts(state.locale), copy));
}

// ---- sign-in and the session ------------------------------------------------------------------

/** @param {SignInMessage | null} [message] */
function showSignIn(message = null) {
  clearTimeout(state.expiryTimer);
  state.me = null;
  state.user = null;
  state.units = null;
  state.notice = null;
  state.load += 1; // answers still on their way are dropped
  state.signInMessage = message;
  state.series = new Map();
  showError(null);
  // Nothing of the last person's figures stays in the page.
  $('[data-testid="unit-title"]').replaceChildren();
  $('[data-testid="kpi-tiles"]').replaceChildren();
  $('#trend-title').replaceChildren();
  $('#children').replaceChildren();
  $('#users').replaceChildren();
  $('#subscriptions').replaceChildren();
  $('#explorer').replaceChildren();
  $('#people').replaceChildren();
  trendChart?.dispose();
  trendChart = null;
  show('sign-in');
  const oidcMode = state.config?.signIn === 'oidc' && Boolean(state.config.oidc);
  $('#password-sign-in').hidden = oidcMode;
  $('#oidc-sign-in').hidden = !oidcMode;
  renderSignInMessage();
  applyLabels();
  if (oidcMode) $('[data-testid="oidc-sign-in"]').focus();
  else if ($('[data-testid="username"]', document, HTMLInputElement).value) $('[data-testid="password"]').focus();
  else $('[data-testid="username"]').focus();
}

function renderSignInMessage() {
  const t = texts(state.locale);
  const m = state.signInMessage;
  for (const testid of ['sign-in-message', 'oidc-message']) {
    const box = $(`[data-testid="${testid}"]`);
    const said = m ? t[m.key] : '';
    const text = typeof said === 'function' ? said(m?.arg ?? null) : said;
    box.textContent = text ?? '';
    box.hidden = !text;
    box.dataset.tone = m?.tone ?? 'error';
  }
}

/** The session is over (expired, revoked, or a 401): back to the form with a message. */
function endSession() {
  api.clearSession();
  showSignIn({ key: 'sessionEnded' });
}

/** Returns to the form when the session's time is up, even if the page sits idle. */
function watchExpiry() {
  clearTimeout(state.expiryTimer);
  const end = api.expiresAt();
  if (end === null) return;
  state.expiryTimer = setTimeout(() => (api.expired() ? endSession() : watchExpiry()), Math.min(MAX_DELAY, Math.max(0, end - Date.now()) + 250));
}

/** @param {SubmitEvent} event */
async function signInWithPassword(event) {
  event.preventDefault();
  const t = texts(state.locale);
  const username = $('[data-testid="username"]', document, HTMLInputElement).value.trim();
  const password = $('[data-testid="password"]', document, HTMLInputElement);
  if (!username || !password.value) {
    state.signInMessage = { key: 'invalidCredentials' };
    renderSignInMessage();
    (username ? password : $('[data-testid="username"]')).focus();
    return;
  }
  const button = $('[data-testid="sign-in-submit"]', document, HTMLButtonElement);
  button.disabled = true;
  button.textContent = t.signingIn;
  try {
    state.user = await api.signIn(username, password.value);
    password.value = '';
    state.signInMessage = null;
    renderSignInMessage();
    watchExpiry();
    await load();
  } catch (error) {
    password.value = '';
    password.focus();
    if (error instanceof api.ApiError && (error.status === 401 || error.code === 'INVALID_CREDENTIALS')) state.signInMessage = { key: 'invalidCredentials' };
    else if (error instanceof api.ApiError && error.status === 429) state.signInMessage = { key: 'tooManyAttempts', arg: error.retryAfter };
    else
      state.signInMessage = {
        key: error instanceof TypeError ? 'networkError' : error instanceof api.ApiError && error.status >= 500 ? 'unavailable' : 'failed',
      };
    renderSignInMessage();
  } finally {
    button.disabled = false;
    button.textContent = texts(state.locale).signIn;
  }
}

async function signOut() {
  await api.signOut();
  // The next person to sign in here starts on their own page, not on the last one's.
  window.history.replaceState(null, '', window.location.pathname);
  state.route = { level: 'group', id: null };
  state.page = 'dashboard';
  showSignIn({ key: 'signedOut', tone: 'info' });
}

// ---- static labels ----------------------------------------------------------------------------

function applyLabels() {
  const t = texts(state.locale);
  document.documentElement.lang = state.locale;
  document.title = t.title;
  for (const node of $$('[data-i18n]')) node.textContent = labelOf(t, node.dataset.i18n ?? '') ?? '';
  for (const node of $$('[data-i18n-page]')) node.textContent = wordFor(t.pages, node.dataset.i18nPage ?? '') ?? '';
  const select = (/** @type {string} */ testid) => $(`[data-testid="${testid}"]`, document, HTMLSelectElement);
  for (const option of select('months-select').options) option.textContent = t.monthsOption(Number(option.value));
  select('locale-select').value = state.locale;
  select('currency-select').value = state.currency;
  select('view-select').value = state.view;
  select('months-select').value = String(state.months);
  $('[data-testid="period-input"]', document, HTMLInputElement).value = state.period;
  if (state.me) {
    const name = state.user?.displayName || state.user?.username || state.me.subject;
    $('[data-testid="who"]').textContent = `${wordFor(t.role, state.me.role) ?? state.me.role} · ${name}`;
  }
  const headOffice = state.me?.role === 'head-office';
  $('[data-testid="nav-users"]').hidden = !headOffice;
  $('[data-testid="nav-subscriptions"]').hidden = !headOffice;
  $('[data-testid="nav-dashboard"]', document, HTMLAnchorElement).href = state.page === 'dashboard' ? address() : '#/group';
  $('[data-testid="nav-dashboard"]').toggleAttribute('aria-current', state.page === 'dashboard');
  $('[data-testid="nav-users"]').toggleAttribute('aria-current', state.page === 'users');
  $('[data-testid="nav-subscriptions"]').toggleAttribute('aria-current', state.page === 'subscriptions');
  $('[data-testid="nav-explorer"]').textContent = t.explorer.nav;
  $('[data-testid="nav-explorer"]').toggleAttribute('aria-current', state.page === 'explorer');
  $('[data-testid="nav-people"]').textContent = t.people.nav;
  $('[data-testid="nav-people"]', document, HTMLAnchorElement).href = peopleHash(
    state.page === 'people' && state.people ? state.people : { table: 'consultants', span: 'month', ...peopleHome() },
  );
  $('[data-testid="nav-people"]').toggleAttribute('aria-current', state.page === 'people');
  renderSignInMessage();
}

// ---- units and scope --------------------------------------------------------------------------

/**
 * The signed-in caller's role and scope: load() reads them before any page renders.
 * @returns {Me}
 */
function caller() {
  if (!state.me) throw new Error('no one is signed in');
  return state.me;
}

/** @param {string | null} branchId */
function regionOf(branchId) {
  return state.units?.regions.find((r) => r.branches.some((b) => b.id === branchId)) ?? null;
}

/** @param {string | null} branchId */
function branchOf(branchId) {
  return regionOf(branchId)?.branches.find((b) => b.id === branchId) ?? null;
}

/** @param {string | null} regionId */
function regionName(regionId) {
  const t = texts(state.locale);
  if (regionId === '') return t.noRegion;
  return state.units?.regions.find((r) => r.id === regionId)?.name || (regionId ?? '');
}

/** Where a user starts, and where a route outside their scope sends them (`home`: always their own). */
/**
 * @param {Route} route
 * @param {boolean} [home]
 * @returns {Route}
 */
function allowedRoute(route, home = false) {
  const scope = caller().scope;
  if (scope.all) return route;
  if (route.level === 'branch' && scope.branches.includes(route.id ?? '')) return route;
  if (route.level === 'region' && scope.regions.includes(route.id ?? '')) return route;
  if (!home && (route.level === 'branch' || route.level === 'region')) return route; // the server answers 403 if it is not theirs
  if (scope.regions.length > 0) return { level: 'region', id: scope.regions[0] ?? null };
  return { level: 'branch', id: scope.branches[0] ?? null };
}

function breadcrumb() {
  const t = texts(state.locale);
  const nav = $('[data-testid="breadcrumb"]');
  nav.replaceChildren();
  if (state.page !== 'dashboard') return;
  const scope = caller().scope;
  /** @type {{ route: Route, label: string, testid: string, usable: boolean }[]} */
  const crumbs = [{ route: { level: 'group', id: null }, label: t.group, testid: 'crumb-group', usable: scope.all }];
  const { level, id } = state.route;
  const regionId = level === 'region' ? id : level === 'branch' ? regionOf(id)?.id : undefined;
  if (regionId !== undefined) {
    crumbs.push({
      route: { level: 'region', id: regionId },
      label: regionName(regionId),
      testid: 'crumb-region',
      usable: scope.all || scope.regions.includes(regionId ?? ''),
    });
  }
  if (level === 'branch') crumbs.push({ route: state.route, label: branchOf(id)?.name ?? id ?? '', testid: 'crumb-branch', usable: true });
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

function seriesParams() {
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

/**
 * @param {'region' | 'branch'} level
 * @param {string | null} [regionId]
 */
function scorecardParams(level, regionId) {
  return { period: state.period, level, regionId, currency: state.currency, locale: state.locale };
}

/** Who is signed in: the role and scope (reporting), and the user account when there is one. */
async function loadAccount() {
  const account = api.authMe().catch((/** @type {unknown} */ error) => {
    // A token that is not a sign-in (a development token) has no user; the dashboard still works.
    if (error instanceof api.ApiError && (error.status === 404 || error.status === 403)) return null;
    throw error;
  });
  const [me, units, who] = await Promise.all([api.me(), api.units(), account]);
  return { me, units, user: who?.user ?? null };
}

async function load() {
  const ticket = ++state.load;
  readAddress();
  applyLabels();
  showError(null);
  state.notice = null;
  if (!api.token()) {
    showSignIn();
    return;
  }
  if (api.expired()) {
    endSession();
    return;
  }
  try {
    if (!state.me) {
      const account = await loadAccount();
      if (ticket !== state.load) return;
      state.me = account.me;
      state.units = account.units;
      state.user = account.user ?? state.user;
      applyLabels();
    }
    if (state.page === 'users') {
      loadHeadOfficePage(ticket, 'users', usersPage);
      return;
    }
    if (state.page === 'subscriptions') {
      loadHeadOfficePage(ticket, 'subscriptions', subscriptionsPage);
      return;
    }
    if (state.page === 'explorer') {
      await loadExplorer(ticket);
      return;
    }
    if (state.page === 'people') {
      loadPeople(ticket);
      return;
    }
    await loadDashboard(ticket);
  } catch (error) {
    if (ticket === state.load) handle(error, { page: true });
  }
}

/**
 * A page of head office's (users.js, subscriptions.js): anyone else gets the refusal the API would
 * give; a 403 from the API while the page is open is the page's refusal too.
 * @param {number} ticket
 * @param {'users' | 'subscriptions'} page
 * @param {(host: HTMLElement, ctx: { locale: Locale, units: Units | null, handle: (error: unknown) => void }) => unknown} render
 */
function loadHeadOfficePage(ticket, page, render) {
  breadcrumb();
  if (caller().role !== 'head-office') {
    showNotice({ kind: 'forbidden', code: 'ROLE_FORBIDDEN', text: (t) => t.roleForbidden });
    return;
  }
  show(page);
  render($(`#${page}`), {
    locale: state.locale,
    units: state.units,
    handle: (error) => {
      if (ticket !== state.load) return;
      handle(error, { page: error instanceof api.ApiError && error.status === 403 });
    },
  });
}

/** @param {number} ticket */
async function loadExplorer(ticket) {
  const explorer = state.explorer;
  if (!explorer) throw new Error('the explorer has no address'); // readAddress reads it on its page
  breadcrumb();
  show('explorer');
  await explorerPage($('#explorer'), {
    locale: state.locale,
    me: caller(),
    units: state.units,
    explorer,
    go: (next) => {
      const target = explorerAddress(next);
      if (window.location.hash === target) void load();
      else window.location.hash = target;
    },
    current: () => ticket === state.load,
    handle: (error) => {
      if (ticket === state.load) handle(error);
    },
  });
}

/**
 * The People page's unit when the address names none: the dashboard's unit (the user's own when theirs is narrower).
 * @returns {Route}
 */
function peopleHome() {
  if (!state.me) return { level: 'group', id: null };
  return allowedRoute(state.page === 'dashboard' ? state.route : { level: 'group', id: null });
}

/** @param {number} ticket */
function loadPeople(ticket) {
  const route = state.people;
  if (!route) throw new Error('the People page has no address'); // readAddress reads it on its page
  // The group is head office's: others start on their own region or branch.
  if (route.level === 'group' && !caller().scope.all) {
    go({ ...route, ...allowedRoute({ level: 'group', id: null }, true) });
    return;
  }
  breadcrumb();
  show('people');
  void peoplePage($('#people'), {
    locale: state.locale,
    me: caller(),
    units: state.units,
    route,
    period: state.period,
    currency: state.currency,
    view: state.view,
    go,
    errorText: (error) => errorText(texts(state.locale), error),
    handle: (error) => {
      if (ticket === state.load) handle(error);
    },
  });
}

/**
 * The explorer's address of a KPI at the dashboard's unit and month.
 * @param {string} kpiId
 */
function explorerLink(kpiId) {
  return explorerAddress({
    kpiId,
    level: state.route.level,
    id: state.route.id,
    period: state.period,
    range: 'month',
    view: state.view,
    currency: state.currency,
  });
}

/** @param {number} ticket */
async function loadDashboard(ticket) {
  const t = texts(state.locale);
  const route = allowedRoute(state.route);
  if (route !== state.route) {
    go(route);
    return;
  }
  show('dashboard');
  breadcrumb();
  $('[data-testid="unit-title"]').textContent = unitTitle();
  $('[data-testid="kpi-tiles"]').replaceChildren(el('p', { class: 'muted', 'data-testid': 'loading', text: t.loading }));

  const { level, id } = state.route;
  const leagueRegion = level === 'branch' ? regionOf(id)?.id : level === 'region' ? id : undefined;
  /** @type {{ title: string, level: 'region' | 'branch', params: ReturnType<typeof scorecardParams> }[]} */
  const asked =
    level === 'group'
      ? [
          { title: t.regionTable, level: 'region', params: scorecardParams('region') },
          { title: t.leagueTable, level: 'branch', params: scorecardParams('branch') },
        ]
      : [{ title: t.leagueTable, level: 'branch', params: scorecardParams('branch', leagueRegion || undefined) }];
  const leagues = asked.map((l) => ({ ...l, request: api.scorecard(l.params) }));
  const summary = api.monthlySummary(packPath(level, id, state.period), packParams(level));
  // Every request is awaited (or caught) together, so a refusal of one is never left unhandled.
  summary.catch(() => undefined);
  const scorecards = await Promise.all(leagues.map((l) => l.request));
  const headline = scorecards[0].kpis;
  const [series] = await Promise.all([Promise.all(headline.map((k) => api.kpiSeries(k.id, seriesParams()))), loadDefinitions()]);
  const summaryAnswer = await summary;
  if (ticket !== state.load) return;
  state.series = new Map(series.map((s) => [s.kpi.id, s]));
  if (!state.selectedKpi || !state.series.has(state.selectedKpi)) state.selectedKpi = headline[0]?.id ?? null;
  renderTiles(headline);
  renderTrend();
  const panels = leagues.map((l, i) => leagueTable(l.title, l.level, scorecards[i], l.params));
  if (summaryAnswer) panels.unshift(summaryPanel(summaryAnswer));
  $('#children').replaceChildren(...panels);
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

// ---- KPI definitions ----------------------------------------------------------------------------

/** The catalogue's definitions by locale (GET /api/v1/kpis?locale=), read once per language. @type {Map<Locale, Map<string, import('../types/api').CatalogueKpi>>} */
const definitions = new Map();

async function loadDefinitions() {
  if (definitions.has(state.locale)) return;
  try {
    const catalogue = await api.kpiCatalogue(state.locale);
    definitions.set(state.locale, new Map(catalogue.kpis.map((k) => [k.id, k])));
  } catch (error) {
    // The figures do not wait on their definitions: only an ended session stops the page.
    if (error instanceof api.ApiError && error.status === 401) throw error;
  }
}

/**
 * A KPI's definition in the page's language (shown when the pointer rests on its name).
 * @param {string} kpiId
 */
function definitionOf(kpiId) {
  const k = definitions.get(state.locale)?.get(kpiId);
  if (!k) return undefined;
  const t = texts(state.locale);
  return [k.formula, k.numerator ? `${t.numerator}: ${k.numerator}` : null, k.denominator ? `${t.denominator}: ${k.denominator}` : null, k.provisional]
    .filter(Boolean)
    .join('\n');
}

// ---- tiles ------------------------------------------------------------------------------------

/**
 * The points of one unit, one per month, in the currency of the latest one.
 * @param {KpiSeries} series
 */
function monthlyPoints(series) {
  const last = series.points.at(-1);
  return series.points.filter((p) => p.currency === (last?.currency ?? null));
}

/**
 * The currencies of a series' money points. Above branch level in branch currency a region or the
 * group has one point per currency a month: subtotals, never to be shown as the total.
 * @param {KpiSeries} series
 * @returns {string[]}
 */
function currenciesOf(series) {
  return [...new Set(series.points.flatMap((p) => (p.currency ? [p.currency] : [])))].sort();
}

/** @typedef {Scorecard['kpis'][number]} HeadlineKpi */

/**
 * A money KPI whose figures come in several currencies: each currency's subtotal, labelled.
 * @param {HeadlineKpi} k
 * @param {KpiSeries} series
 * @param {string[]} currencies
 */
function subtotalsTile(k, series, currencies) {
  const t = texts(state.locale);
  const lines = currencies.map((currency) => {
    const point = series.points.find((p) => p.currency === currency && p.period === state.period) ?? null;
    return el(
      'div',
      { class: 'subtotal', 'data-testid': 'tile-subtotal', 'data-currency': currency },
      el('span', {
        class: 'subtotal-value',
        'data-testid': 'subtotal-value',
        title: formatFigure(point?.value ?? null, k.unit, state.locale),
        text: formatHeadline(point?.value ?? null, k.unit, state.locale),
      }),
      el('span', { class: 'tile-unit', 'data-testid': 'subtotal-currency', text: unitSuffix(k.unit, currency, state.locale) }),
      point?.provisional ? el('span', { class: 'mark', title: t.provisional, 'data-testid': 'provisional-mark', text: ' *' }) : null,
      el('span', {
        class: `small ${growthTone(point?.mom?.growthPercent ?? null, k.higherIsBetter)}`,
        text: `${t.mom} ${formatPercent(point?.mom?.growthPercent ?? null, state.locale, true)}`,
      }),
    );
  });
  return el(
    'button',
    {
      class: `tile${state.selectedKpi === k.id ? ' selected' : ''}`,
      type: 'button',
      'data-testid': 'kpi-tile',
      'data-kpi': k.id,
      'data-currencies': currencies.join(','),
      onclick: () => selectKpi(k.id),
    },
    el('div', { class: 'tile-label', title: definitionOf(k.id), 'data-testid': 'tile-label', text: `${k.label} · ${t.perCurrency}` }),
    el('div', { class: 'tile-subtotals', 'data-testid': 'tile-subtotals' }, lines),
    el('div', { class: 'tile-note', 'data-testid': 'subtotals-note', text: t.subtotalsNote(state.units?.groupCurrency ?? '') }),
  );
}

/** @param {string} kpiId */
function selectKpi(kpiId) {
  state.selectedKpi = kpiId;
  for (const tile of $$('.tile')) tile.classList.toggle('selected', tile.dataset.kpi === kpiId);
  renderTrend();
}

/** @param {readonly KpiPoint[]} points */
function sparkline(points) {
  const values = points.map((p) => (p.value === null ? null : Number(p.value)));
  const present = values.filter((v) => v !== null);
  if (present.length < 2) return null;
  const min = Math.min(...present);
  const max = Math.max(...present);
  const step = 100 / Math.max(1, values.length - 1);
  const coords = values
    .map((v, i) => (v === null ? null : `${(i * step).toFixed(1)},${(28 - ((v - min) / (max - min || 1)) * 26).toFixed(1)}`))
    .filter(Boolean);
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 100 30');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('class', 'spark');
  const line = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
  line.setAttribute('points', coords.join(' '));
  svg.append(line);
  return svg;
}

/** @param {Scorecard['kpis']} headline */
function renderTiles(headline) {
  const t = texts(state.locale);
  const tiles = headline.map((k) => {
    const series = state.series.get(k.id);
    if (!series) return null; // every headline KPI's series is read with the scorecard
    const currencies = currenciesOf(series);
    if (currencies.length > 1) return subtotalsTile(k, series, currencies);
    const points = monthlyPoints(series);
    const point = points.find((p) => p.period === state.period) ?? null;
    const quota = point?.attainment.quota ?? null;
    const stretch = point?.attainment.stretch ?? null;
    const closedDiff = point?.closed && point.closed.difference !== null && Number(point.closed.difference) !== 0 ? point.closed : null;
    const bar =
      quota === null
        ? null
        : el(
            'div',
            { class: 'bar' },
            el('div', { class: `fill ${attainmentTone(quota, k.higherIsBetter)}`, style: { width: `${Math.min(100, Math.max(0, Number(quota)))}%` } }),
          );
    return el(
      'button',
      {
        class: `tile${state.selectedKpi === k.id ? ' selected' : ''}`,
        type: 'button',
        'data-testid': 'kpi-tile',
        'data-kpi': k.id,
        onclick: () => selectKpi(k.id),
      },
      el('div', { class: 'tile-label', title: definitionOf(k.id), 'data-testid': 'tile-label', text: k.label }),
      el(
        'div',
        { class: 'tile-value' },
        el('span', {
          'data-testid': 'tile-value',
          title: formatFigure(point?.value ?? null, k.unit, state.locale),
          text: formatHeadline(point?.value ?? null, k.unit, state.locale),
        }),
        el('span', { class: 'tile-unit', text: unitSuffix(k.unit, point?.currency ?? null, state.locale) }),
        point?.provisional
          ? el('span', {
              class: 'badge provisional',
              'data-testid': 'provisional-badge',
              title: point.provisionalUntil ? t.provisionalUntil(formatDate(point.provisionalUntil, state.locale)) : t.provisional,
              text: t.provisional,
            })
          : null,
      ),
      bar,
      el(
        'div',
        { class: 'tile-facts' },
        el(
          'span',
          {},
          `${t.quota} `,
          el('b', { class: attainmentTone(quota, k.higherIsBetter), 'data-testid': 'tile-attainment', text: formatPercent(quota, state.locale) }),
        ),
        el('span', {}, `${t.stretch} `, el('b', { class: attainmentTone(stretch, k.higherIsBetter), text: formatPercent(stretch, state.locale) })),
      ),
      el(
        'div',
        { class: 'tile-facts' },
        el(
          'span',
          {},
          `${t.mom} `,
          el('b', {
            class: growthTone(point?.mom?.growthPercent ?? null, k.higherIsBetter),
            text: formatPercent(point?.mom?.growthPercent ?? null, state.locale, true),
          }),
        ),
        el(
          'span',
          {},
          `${t.yoy} `,
          el('b', {
            class: growthTone(point?.yoy?.growthPercent ?? null, k.higherIsBetter),
            text: formatPercent(point?.yoy?.growthPercent ?? null, state.locale, true),
          }),
        ),
      ),
      closedDiff ? el('div', { class: 'tile-note', text: t.closedDiff(formatFigure(closedDiff.asClosed.value, k.unit, state.locale)) }) : null,
      sparkline(points),
    );
  });
  $('[data-testid="kpi-tiles"]').replaceChildren(...tiles.filter((tile) => tile !== null));
}

// ---- trend chart ------------------------------------------------------------------------------

function renderTrend() {
  const t = texts(state.locale);
  const series = state.selectedKpi === null ? undefined : state.series.get(state.selectedKpi);
  const host = $('[data-testid="trend-chart"]');
  if (!series) return;
  $('#trend-title').replaceChildren(
    el('a', { href: explorerLink(series.kpi.id), 'data-testid': 'explore-kpi', title: t.explorer.open, text: series.kpi.label }),
    ` · ${t.trend}`,
  );
  const months = Array.from({ length: state.months }, (_, i) => addMonths(state.period, i - (state.months - 1)));
  const unit = series.kpi.unit;
  const number = (/** @type {string | null | undefined} */ v) => (v === null || v === undefined ? null : Number(v));
  const currencies = currenciesOf(series);
  host.dataset.currencies = currencies.join(',');
  trendChart ??= window.echarts.init(host, null, { renderer: 'canvas' });
  if (currencies.length > 1) {
    renderSubtotalTrend(trendChart, series, months, currencies);
    return;
  }
  const byPeriod = new Map(monthlyPoints(series).map((p) => [p.period, p]));
  const points = months.map((m) => byPeriod.get(m) ?? null);
  const currency = points.find((p) => p?.currency)?.currency ?? null;
  const suffix = unitSuffix(unit, currency, state.locale);
  host.dataset.points = String(points.filter((p) => p?.value != null).length);
  host.dataset.provisional = String(points.filter((p) => p?.provisional).length);
  /** @type {import('echarts').EChartsOption} */
  const option = {
    animation: false,
    color: ['#1d4e89', '#b26a00', '#1e7d32'],
    tooltip: {
      trigger: 'axis',
      formatter: (params) =>
        axisTooltip(
          params,
          (_, figure) => `${figure === null ? '—' : formatFigure(figure, unit, state.locale)} ${suffix}`,
          (items) => (points[items[0]?.dataIndex ?? 0]?.provisional ? [`* ${t.provisional}`] : []),
        ),
    },
    legend: { top: 0 },
    grid: { left: 70, right: 24, top: 36, bottom: 28 },
    xAxis: monthAxis(
      months,
      months.map((m) => formatMonth(m, state.locale)),
      state.locale,
    ),
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (/** @type {number} */ v) => formatHeadline(String(v), unit === 'money' ? 'money' : 'count', state.locale) },
    },
    series: [
      {
        name: t.actual,
        type: series.kpi.rollUp === 'sum' ? 'bar' : 'line',
        ...lastFigureLabel(
          points.map((p) => number(p?.value)),
          (i) => formatHeadline(points[i]?.value, unit, state.locale),
        ),
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
  };
  trendChart.setOption(option, true);
}

/**
 * Money in several currencies (branch currency above branch level): one line per currency, labelled; no targets (they are in the group currency).
 * @param {import('echarts').ECharts} chart
 * @param {KpiSeries} series
 * @param {string[]} months
 * @param {string[]} currencies
 */
function renderSubtotalTrend(chart, series, months, currencies) {
  const t = texts(state.locale);
  const host = $('[data-testid="trend-chart"]');
  const unit = series.kpi.unit;
  const lines = currencies.map((currency) => {
    const byPeriod = new Map(series.points.filter((p) => p.currency === currency).map((p) => [p.period, p]));
    return { currency, points: months.map((m) => byPeriod.get(m) ?? null) };
  });
  host.dataset.points = String(months.filter((_, i) => lines.some((l) => l.points[i]?.value != null)).length);
  host.dataset.provisional = String(months.filter((_, i) => lines.some((l) => l.points[i]?.provisional)).length);
  /** @type {import('echarts').EChartsOption} */
  const option = {
    animation: false,
    color: ['#1d4e89', '#b26a00', '#1e7d32', '#7b1fa2'],
    tooltip: {
      trigger: 'axis',
      formatter: (params) =>
        axisTooltip(params, (i, figure) => {
          const line = i.seriesIndex === undefined ? undefined : lines[i.seriesIndex];
          const value = figure === null ? '—' : formatFigure(figure, unit, state.locale);
          return `${value} ${unitSuffix(unit, line?.currency ?? null, state.locale)}${line?.points[i.dataIndex]?.provisional ? ` * ${t.provisional}` : ''}`;
        }),
    },
    legend: { top: 0 },
    grid: { left: 70, right: 24, top: 36, bottom: 28 },
    xAxis: monthAxis(
      months,
      months.map((m) => formatMonth(m, state.locale)),
      state.locale,
    ),
    yAxis: {
      type: 'value',
      axisLabel: { formatter: (/** @type {number} */ v) => formatHeadline(String(v), unit === 'money' ? 'money' : 'count', state.locale) },
    },
    series: lines.map((line) => ({
      name: `${t.actual} · ${line.currency}`,
      type: 'line',
      data: line.points.map((p) => ({ value: p?.value == null ? null : Number(p.value), symbol: p?.provisional ? 'emptyCircle' : 'circle' })),
    })),
  };
  chart.setOption(option, true);
}

// ---- as-of mark (ADR 18) ----------------------------------------------------------------------

/** The line that says which event the figures include (the roll-up's own mark on roll-up reads). */

// ---- league tables ----------------------------------------------------------------------------

/** @typedef {ReturnType<typeof scorecardParams>} ScorecardParams */

/**
 * The scorecard's downloads: the same request as the table with `format` (the figures of the JSON answer; docs/adr/0024-table-exports.md).
 * @param {'region' | 'branch'} level
 * @param {ScorecardParams} params
 */
function leagueDownloads(level, params) {
  return tableDownloads({
    path: '/api/v1/scorecard',
    params,
    fileName: `scorecard-${level}-${params.period}-${state.locale}`,
    testid: `league-${level}-download`,
    locale: state.locale,
    onError: handle,
  });
}

/**
 * @param {string} title
 * @param {'region' | 'branch'} level
 * @param {Scorecard} card
 * @param {ScorecardParams} params
 * @returns {HTMLElement}
 */
function leagueTable(title, level, card, params) {
  const t = texts(state.locale);
  const sortKpi = state.sort[level] ?? card.kpis[0]?.id ?? '';
  const rank = (/** @type {Scorecard['rows'][number]} */ row) => row.figures[sortKpi]?.rank ?? Number.MAX_SAFE_INTEGER;
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
        // Money columns say their currency: the group's, or each branch's (then every amount is labelled).
        text: isMoney(k.unit) ? `${k.label} (${card.currency === 'group' ? card.groupCurrency : t.currencyBranch})` : k.label,
        onclick: () => {
          state.sort[level] = k.id;
          const table = leagueTable(title, level, card, params);
          $(`[data-testid="league-${level}"]`).replaceWith(table);
        },
      }),
    ),
  );
  const body = rows.map((row) => {
    /** @type {Route} */
    const target = { level, id: row.unitId };
    const current = state.route.level === 'branch' && state.route.id === row.unitId;
    return el(
      'tr',
      { 'data-testid': 'league-row', 'data-unit': row.unitId, class: current ? 'current' : '', onclick: () => go(target) },
      el('td', { class: 'num', text: row.figures[sortKpi]?.rank ?? '—' }),
      el('td', { class: 'text' }, el('a', { href: address(target), text: level === 'region' && row.unitId === '' ? t.noRegion : row.unitName })),
      card.kpis.map((k) => {
        const f = row.figures[k.id];
        const mark = f?.provisional ? el('span', { class: 'mark', title: t.provisional, 'data-testid': 'provisional-mark', text: ' *' }) : null;
        // Money: one amount per currency, each with its currency code (never two currencies unlabelled).
        const amounts =
          isMoney(k.unit) && f?.subtotals?.length
            ? f.subtotals.map((sub, i) =>
                el(
                  'div',
                  { 'data-testid': 'cell-amount', 'data-currency': sub.currency, title: formatFigure(sub.value, k.unit, state.locale) },
                  formatHeadline(sub.value, k.unit, state.locale),
                  el('span', { class: 'cell-currency', 'data-testid': 'cell-currency', text: ` ${unitSuffix(k.unit, sub.currency, state.locale)}` }),
                  i === f.subtotals.length - 1 ? mark : null,
                ),
              )
            : [el('div', {}, formatHeadline(f?.value ?? null, k.unit, state.locale), mark)];
        return el(
          'td',
          { class: 'num', 'data-kpi': k.id },
          amounts,
          el('div', {
            class: `small ${attainmentTone(f?.quotaAttainment ?? null, k.higherIsBetter)}`,
            text: f?.quotaAttainment ? formatPercent(f.quotaAttainment, state.locale) : '',
          }),
        );
      }),
    );
  });
  return el(
    'section',
    { class: 'panel', 'data-testid': `league-${level}` },
    el('div', { class: 'panel-head' }, el('h3', { text: title }), params ? leagueDownloads(level, params) : null),
    rows.length === 0 ? el('p', { class: 'muted', text: t.noData }) : el('table', { class: 'league' }, el('thead', {}, head), el('tbody', {}, body)),
    card.currency === 'branch' && rows.length > 0
      ? el('p', { class: 'small muted', 'data-testid': 'rank-note', text: t.rankedInGroupCurrency(card.groupCurrency ?? '') })
      : null,
    asOfLine(card.asOf, state.locale),
  );
}

// ---- the monthly summary (the branch's, the region's, the group's pack) -------------------------

/**
 * The monthly pack of a unit (docs/adr/0027-region-and-group-packs.md).
 * @param {Level} level
 * @param {string | null} id
 * @param {string} period
 */
function packPath(level, id, period) {
  if (level === 'group') return `/api/v1/group/monthly-summary/${period}`;
  return `/api/v1/${level === 'region' ? 'regions' : 'branches'}/${encodeURIComponent(id ?? '')}/monthly-summary/${period}`;
}

/**
 * The pack's parameters: a branch's pack in its own currency; above it the page's currency and view.
 * @param {Level} level
 * @returns {import('./api.js').Params}
 */
function packParams(level) {
  return level === 'branch' ? { locale: state.locale } : { locale: state.locale, currency: state.currency, view: state.view };
}

/** @param {MonthlySummary} summary */
function summaryPanel(summary) {
  const t = texts(state.locale);
  const s = summary.text;
  const { level, id } = summary.unit;
  const path = packPath(level, id, summary.period);
  const button = (/** @type {'pdf' | 'xlsx' | 'csv'} */ format, /** @type {string} */ label) =>
    el('button', {
      type: 'button',
      class: 'download',
      'data-testid': `download-${format}`,
      text: label,
      onclick: () => api.download(path, { ...packParams(level), format, tz: readerTimeZone() }, `${id}-${summary.period}.${format}`).catch(handle),
    });
  const comparison = (/** @type {SummaryRow} */ row, /** @type {SummaryComparison | null} */ c) => {
    if (!c) return '—';
    if (row.unit === 'percent') return c.change === null ? '—' : `${formatPoints(c.change, state.locale)} ${t.points}`;
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
          el('td', { class: 'text' }, el('a', { href: explorerLink(row.kpiId), title: t.explorer.open, text: row.label })),
          el('td', { class: 'text muted', text: unitSuffix(row.unit, row.currency, state.locale) }),
          el(
            'td',
            { class: 'num strong' },
            formatFigure(row.value, row.unit, state.locale),
            row.provisional ? el('span', { class: 'mark', title: s.provisional, text: ' *' }) : null,
            row.asClosedValue !== null
              ? el('div', { class: 'small muted', text: `${s.asClosed}: ${formatFigure(row.asClosedValue, row.unit, state.locale)}` })
              : null,
          ),
          el('td', { class: 'num', text: formatFigure(row.quota, row.unit, state.locale) }),
          el('td', { class: `num ${attainmentTone(row.quotaAttainment, row.higherIsBetter)}`, text: formatPercent(row.quotaAttainment, state.locale) }),
          el('td', { class: `num ${attainmentTone(row.stretchAttainment, row.higherIsBetter)}`, text: formatPercent(row.stretchAttainment, state.locale) }),
          el('td', { class: `num ${growthTone(row.mom?.change ?? null, row.higherIsBetter)}`, text: comparison(row, row.mom) }),
          el('td', { class: `num ${growthTone(row.yoy?.change ?? null, row.higherIsBetter)}`, text: comparison(row, row.yoy) }),
          el('td', { class: 'num', text: row.rank ? `${row.rank.rank} / ${row.rank.of}` : '—' }),
        ),
      ),
    ),
  );
  return el(
    'section',
    { class: 'panel', 'data-testid': 'monthly-summary', 'data-unit': id },
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
        el('button', {
          type: 'button',
          class: 'download secondary',
          'data-testid': 'open-html',
          text: t.print,
          onclick: () => api.openPage(path, { ...packParams(level), format: 'html', tz: readerTimeZone() }).catch(handle),
        }),
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
          [s.kpi, t.unit, s.value, s.plan, s.attainment, t.stretchAttainment, s.mom, s.yoy, s.rank].map((label, i) =>
            el('th', { class: i < 2 ? 'text' : 'num', text: label }),
          ),
        ),
      ),
      sections,
    ),
    summary.closedAt ? el('p', { class: 'small muted', text: `${t.closedOn} ${formatDate(summary.closedAt, state.locale)}` }) : null,
    asOfLine(summary.asOf, state.locale),
  );
}

// ---- wiring -----------------------------------------------------------------------------------

function wire() {
  $('#password-sign-in').addEventListener('submit', (event) => void signInWithPassword(event));
  $('[data-testid="oidc-sign-in"]').addEventListener('click', () => {
    const failed = () => {
      state.signInMessage = { key: 'oidcFailed' };
      renderSignInMessage();
    };
    const provider = state.config.oidc;
    if (provider) oidc.startSignIn(provider, window.location.hash).catch(failed);
    else failed();
  });
  $('[data-testid="sign-out"]').addEventListener('click', () => void signOut());
  $('[data-testid="locale-select"]').addEventListener('change', (event) => {
    const locale = valueOf(event);
    if (isLocale(locale)) state.locale = locale;
    localStorage.setItem(LOCALE_KEY, state.locale);
    if ($('#sign-in').hidden) void load();
    else applyLabels();
  });
  const control = (/** @type {string} */ testid, /** @type {(value: string) => void} */ apply) =>
    $(`[data-testid="${testid}"]`).addEventListener('change', (event) => {
      apply(valueOf(event));
      go(state.page === 'people' && state.people ? state.people : state.route);
    });
  control('currency-select', (v) => {
    if (isOneOf(CURRENCIES, v)) state.currency = v;
  });
  control('view-select', (v) => {
    if (isOneOf(VIEWS, v)) state.view = v;
  });
  control('months-select', (v) => (state.months = Number(v)));
  control('period-input', (v) => {
    if (/^\d{4}-\d{2}$/.test(v)) state.period = v;
  });
  window.addEventListener('hashchange', () => {
    if (api.token()) void load();
  });
  window.addEventListener('resize', () => {
    trendChart?.resize();
    resizeExplorerChart();
  });
  // A tab that slept past the session's end (timers pause) notices on its return.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && api.token() && api.expired()) endSession();
  });
}

/** @type {Partial<Record<oidc.OidcError['code'], SignInKey>>} */
const OIDC_MESSAGES = { OIDC_DENIED: 'oidcDenied', OIDC_STATE_MISMATCH: 'oidcStateMismatch' };

async function boot() {
  dropTokenFromAddress();
  readAddress();
  applyLabels();
  wire();
  // A platform that cannot say how to sign in (its OpenID provider unreachable) still shows the
  // form, with a message; one that predates the endpoint signs in with the password form.
  /** @type {SignInMessage | null} */
  let configProblem = null;
  state.config = await api.authConfig().catch((/** @type {unknown} */ error) => {
    if (error instanceof api.ApiError && error.status >= 500) configProblem = { key: 'unavailable' };
    else if (!(error instanceof api.ApiError)) configProblem = { key: 'networkError' };
    /** @type {SignInConfig} */
    const passwordForm = { signIn: 'password' };
    return passwordForm;
  });
  if (oidc.isCallback()) {
    try {
      const session = await oidc.completeSignIn();
      api.startSession(session.accessToken, session.expiresAt);
      readAddress();
    } catch (error) {
      showSignIn({ key: (error instanceof oidc.OidcError && OIDC_MESSAGES[error.code]) || 'oidcFailed' });
      return;
    }
  }
  if (!api.token()) {
    showSignIn(configProblem);
    return;
  }
  if (api.expired()) {
    endSession();
    return;
  }
  watchExpiry();
  await load();
}

void boot();
