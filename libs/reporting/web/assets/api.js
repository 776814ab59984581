// The platform's API as the dashboard calls it: the signed-in session (access token and its end)
// kept in this tab's sessionStorage only (never in the address, never in a cookie) and sent as
// `Authorization: Bearer`; JSON requests; errors as ApiError with the server's code.

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
    this.errors = Array.isArray(body?.errors) ? body.errors : [];
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
 * @param {{ params?: Params, body?: unknown, auth?: boolean }} [options]
 * @returns {Promise<Response>}
 */
async function send(method, path, { params, body, auth = true } = {}) {
  /** @type {Record<string, string>} */
  const headers = { accept: 'application/json' };
  if (auth) {
    if (!token() || expired()) throw new ApiError(401, { code: SESSION_ENDED });
    headers.authorization = `Bearer ${token()}`;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url(path, params), { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit' });
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(response.status, await response.json().catch(() => null), Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return response;
}

/**
 * The answer's JSON (null for 204). The pages read it as the API documents it (docs/api), unchecked here.
 * @param {Response} response
 * @returns {Promise<any>}
 */
async function json(response) {
  return response.status === 204 ? null : response.json();
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

// ---- sign-in ----------------------------------------------------------------------------------

/** `{ signIn: 'password' | 'oidc', oidc? }` (public). */
export async function authConfig() {
  return json(await send('GET', '/api/v1/auth/config', { auth: false }));
}

/** Signs in with a username and password and keeps the session; answers the user. */
/**
 * @param {string} username
 * @param {string} password
 */
export async function signIn(username, password) {
  const session = await json(await send('POST', '/api/v1/auth/sign-in', { body: { username, password }, auth: false }));
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

/** Fetches a file with the token and hands it to the browser as a download (a plain link cannot carry the header). */
/**
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

/** Opens an HTML page fetched with the token in a new tab (the printable summary). */
/**
 * @param {string} path
 * @param {Params} params
 */
export async function openPage(path, params) {
  const response = await send('GET', path, { params });
  const blob = new Blob([await response.text()], { type: 'text/html' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}
