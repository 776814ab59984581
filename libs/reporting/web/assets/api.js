// The platform's API as the dashboard calls it: the signed-in session (access token and its end)
// kept in this tab's sessionStorage only (never in the address, never in a cookie) and sent as
// `Authorization: Bearer`; JSON requests; errors as ApiError with the server's code. Each answer the
// pages read has its function here, typed by ../types/api.d.ts: the one place where the JSON, unchecked,
// becomes a typed answer.

/**
 * @import { AuthMe, IntegrationAccount, IntegrationSecret, KpiCatalogue, KpiLineage, KpiSeries, LeagueTable, LeagueTableId, Me,
 *   MonthlySummary, NewIntegrationAccount, NewUser, PackDelivery, PackSubscription, Scorecard, SignedInUser, SignInConfig, SignInResponse, UserChange, Units,
 *   UserView } from '../types/api'
 */

/** @typedef {Record<string, string | number | boolean | null | undefined>} Params */
/** @typedef {{ code?: string, errors?: unknown } | null} ErrorBody */

const TOKEN_KEY = 'dealer-kpi.token';
const EXPIRES_KEY = 'dealer-kpi.expires-at';

export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {ErrorBody} body
   * @param {number | null} [retryAfter]
   */
  constructor(status, body, retryAfter = null) {
    super(body?.code ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? null;
    /** `VALIDATION_FAILED`: [{ field, messages }]. */
    /** @type {{ field: string, messages: string[] }[]} */
    this.errors = Array.isArray(body?.errors) ? /** @type {{ field: string, messages: string[] }[]} */ (body.errors) : [];
    /** Seconds, from Retry-After, when the server said. */
    this.retryAfter = retryAfter;
  }
}

/** A session that ended (expired here, or answered 401): the caller shows the sign-in form. */
export const SESSION_ENDED = 'SESSION_ENDED';

// ---- the session ------------------------------------------------------------------------------

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** When the session ends (ms since the epoch), or null when the server did not say. */
export function expiresAt() {
  const value = Number(sessionStorage.getItem(EXPIRES_KEY));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** @param {number} [now] */
export function expired(now = Date.now()) {
  const end = expiresAt();
  return end !== null && end <= now;
}

/**
 * @param {string} accessToken
 * @param {number | string | null | undefined} expires
 */
export function startSession(accessToken, expires) {
  sessionStorage.setItem(TOKEN_KEY, accessToken);
  const end = typeof expires === 'number' ? expires : Date.parse(expires ?? '');
  if (Number.isFinite(end)) sessionStorage.setItem(EXPIRES_KEY, String(end));
  else sessionStorage.removeItem(EXPIRES_KEY);
}

export function clearSession() {
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(EXPIRES_KEY);
}

// ---- requests ---------------------------------------------------------------------------------

/**
 * @param {string} path
 * @param {Params} [params]
 */
function url(path, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params ?? {})) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

/**
 * @param {string} method
 * @param {string} path
 * @param {{ params?: Params, body?: unknown, auth?: boolean, version?: number }} [options] `version`: sent as
 *   `If-Match: "<version>"`, the version the change is based on (409 VERSION_CONFLICT when stale)
 * @returns {Promise<Response>}
 */
async function send(method, path, { params, body, auth = true, version } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (auth) {
    if (!token() || expired()) throw new ApiError(401, { code: SESSION_ENDED });
    headers.authorization = `Bearer ${token()}`;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (version !== undefined) headers['if-match'] = `"${version}"`;
  const response = await fetch(url(path, params), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    const refusal = await /** @type {Promise<ErrorBody>} */ (response.json()).catch(() => null);
    throw new ApiError(response.status, refusal, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return response;
}

/**
 * The answer's JSON (null for 204), unchecked: the functions below say which answer it is (the API's
 * contract, docs/api; ../types/api.d.ts mirrors the server's types).
 * @param {Response} response
 * @returns {Promise<unknown>}
 */
async function json(response) {
  return response.status === 204 ? null : /** @type {Promise<unknown>} */ (response.json());
}

/**
 * @param {string} path
 * @param {Params} [params]
 */
export async function get(path, params) {
  return json(await send('GET', path, { params }));
}

/**
 * @param {string} path
 * @param {unknown} [body]
 */
export async function post(path, body) {
  return json(await send('POST', path, { body: body ?? {} }));
}

/**
 * @param {string} path
 * @param {unknown} body
 */
export async function patch(path, body) {
  return json(await send('PATCH', path, { body }));
}

/** @param {string} path */
export async function remove(path) {
  return json(await send('DELETE', path));
}

// ---- the answers the pages read -----------------------------------------------------------------

/** GET /api/v1/auth/me: the user behind a sign-in's token. */
export async function authMe() {
  return /** @type {AuthMe} */ (await get('/api/v1/auth/me'));
}

/** GET /api/v1/me: role and resolved scope. */
export async function me() {
  return /** @type {Me} */ (await get('/api/v1/me'));
}

/** GET /api/v1/units: the regions and branches in the caller's scope. */
export async function units() {
  return /** @type {Units} */ (await get('/api/v1/units'));
}

/**
 * GET /api/v1/kpis: the catalogue in `locale`.
 * @param {string} locale
 */
export async function kpiCatalogue(locale) {
  return /** @type {KpiCatalogue} */ (await get('/api/v1/kpis', { locale }));
}

/**
 * GET /api/v1/kpis/{kpiId}: a KPI's series (or its breakdown with `by`).
 * @param {string} kpiId
 * @param {Params} params
 */
export async function kpiSeries(kpiId, params) {
  return /** @type {KpiSeries} */ (await get(kpiPath(kpiId), params));
}

/**
 * GET /api/v1/kpis/{kpiId}/lineage: the facts behind a figure, paged.
 * @param {string} kpiId
 * @param {Params} params
 */
export async function kpiLineage(kpiId, params) {
  return /** @type {KpiLineage} */ (await get(lineagePath(kpiId), params));
}

/**
 * The path of a KPI's series (its downloads ask the same with `format`).
 * @param {string} kpiId
 */
export function kpiPath(kpiId) {
  return `/api/v1/kpis/${encodeURIComponent(kpiId)}`;
}

/** @param {string} kpiId */
export function lineagePath(kpiId) {
  return `${kpiPath(kpiId)}/lineage`;
}

/**
 * GET /api/v1/scorecard: a month's headline KPIs for every unit at a level.
 * @param {Params} params
 */
export async function scorecard(params) {
  return /** @type {Scorecard} */ (await get('/api/v1/scorecard', params));
}

/**
 * GET /api/v1/league-tables/{table}.
 * @param {LeagueTableId} table
 * @param {Params} params
 */
export async function leagueTable(table, params) {
  return /** @type {LeagueTable} */ (await get(`/api/v1/league-tables/${table}`, params));
}

/**
 * A unit's monthly pack as JSON (`path`: the pack's, whose downloads ask the same with another format).
 * @param {string} path
 * @param {Params} params
 */
export async function monthlySummary(path, params) {
  return /** @type {MonthlySummary} */ (await get(path, { format: 'json', ...params }));
}

/** GET /api/v1/users. */
export async function users() {
  return /** @type {UserView[]} */ (await get('/api/v1/users'));
}

/** @param {NewUser} user */
export async function createUser(user) {
  return /** @type {UserView} */ (await post('/api/v1/users', user));
}

/**
 * @param {string} userId
 * @param {UserChange} change
 */
export async function updateUser(userId, change) {
  return /** @type {UserView} */ (await patch(`/api/v1/users/${encodeURIComponent(userId)}`, change));
}

/**
 * @param {string} userId
 * @param {string} password
 */
export async function resetPassword(userId, password) {
  await post(`/api/v1/users/${encodeURIComponent(userId)}/password`, { password });
}

/** @param {string} userId */
export async function revokeSessions(userId) {
  await remove(`/api/v1/users/${encodeURIComponent(userId)}/sessions`);
}

/** GET /api/v1/pack-subscriptions. */
export async function packSubscriptions() {
  return /** @type {PackSubscription[]} */ (await get('/api/v1/pack-subscriptions'));
}

/** @param {object} subscription the body of POST /api/v1/pack-subscriptions */
export async function createPackSubscription(subscription) {
  return /** @type {PackSubscription} */ (await post('/api/v1/pack-subscriptions', subscription));
}

/** @param {string} subscriptionId */
const packSubscriptionPath = (subscriptionId) => `/api/v1/pack-subscriptions/${encodeURIComponent(subscriptionId)}`;
/**
 * PATCH /api/v1/pack-subscriptions/{id}, based on `version` (If-Match): 409 VERSION_CONFLICT when
 * someone else changed it meanwhile, never their change overwritten.
 * @param {string} subscriptionId
 * @param {object} change the body: the fields of POST /api/v1/pack-subscriptions to change
 * @param {number} version
 */
export async function updatePackSubscription(subscriptionId, change, version) {
  return /** @type {PackSubscription} */ (await json(await send('PATCH', packSubscriptionPath(subscriptionId), { body: change, version })));
}
/**
 * DELETE /api/v1/pack-subscriptions/{id}, based on `version` (If-Match).
 * @param {string} subscriptionId
 * @param {number} version
 */
export async function deletePackSubscription(subscriptionId, version) {
  await send('DELETE', packSubscriptionPath(subscriptionId), { version });
}
/** @param {Params} params `limit`, `subscriptionId` */
export async function packDeliveries(params) {
  return /** @type {PackDelivery[]} */ (await get('/api/v1/pack-deliveries', params));
}

/** GET /api/v1/integrations. */
export async function integrations() {
  return /** @type {IntegrationAccount[]} */ (await get('/api/v1/integrations'));
}

/** @param {NewIntegrationAccount} account */
export async function createIntegration(account) {
  return /** @type {IntegrationSecret} */ (await post('/api/v1/integrations', account));
}

/** @param {string} clientId */
export async function rotateSecret(clientId) {
  return /** @type {IntegrationSecret} */ (await post(`/api/v1/integrations/${encodeURIComponent(clientId)}/secret`));
}

/** @param {string} clientId */
export async function revokeIntegration(clientId) {
  await remove(`/api/v1/integrations/${encodeURIComponent(clientId)}`);
}

// ---- sign-in ----------------------------------------------------------------------------------

/** `{ signIn: 'password' | 'oidc', oidc? }` (public). */
export async function authConfig() {
  return /** @type {SignInConfig} */ (await json(await send('GET', '/api/v1/auth/config', { auth: false })));
}

/**
 * Signs in with a username and password and keeps the session; answers the user.
 * @param {string} username
 * @param {string} password
 * @returns {Promise<SignedInUser | null>}
 */
export async function signIn(username, password) {
  const session = /** @type {SignInResponse} */ (await json(await send('POST', '/api/v1/auth/sign-in', { body: { username, password }, auth: false })));
  startSession(session.accessToken, session.expiresAt);
  return session.user ?? null;
}

/** Ends the session at the server (best effort: an ended one answers 401), then here. */
export async function signOut() {
  try {
    if (token() && !expired()) await send('POST', '/api/v1/auth/sign-out', { body: {} });
  } catch {
    // Signed out here whatever the server said.
  } finally {
    clearSession();
  }
}

// ---- files ------------------------------------------------------------------------------------

/**
 * Fetches a file with the token and hands it to the browser as a download (a plain link cannot carry the header).
 * @param {string} path
 * @param {Params} params
 * @param {string} fallbackName
 */
export async function download(path, params, fallbackName) {
  const response = await send('GET', path, { params });
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const blob = await response.blob();
  const href = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = href;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
  return name;
}

/**
 * Opens an HTML page fetched with the token in a new tab (the printable summary).
 * @param {string} path
 * @param {Params} params
 */
export async function openPage(path, params) {
  const response = await send('GET', path, { params });
  const blob = new Blob([await response.text()], { type: 'text/html' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}
