// The reporting API with the bearer token kept for this browser tab (sessionStorage).

const TOKEN_KEY = 'dealer-kpi.token';

export class ApiError extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.code = body?.code ?? null;
  }
}

/** `?token=` in the address wins (then leaves the address, so it is not bookmarked or shared). */
export function takeTokenFromUrl() {
  const url = new URL(window.location.href);
  const token = url.searchParams.get('token');
  if (token) {
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value) {
  sessionStorage.setItem(TOKEN_KEY, value.trim());
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

function url(path, params = {}) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, value);
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

async function request(path, params) {
  const response = await fetch(url(path, params), { headers: { authorization: `Bearer ${token()}`, accept: 'application/json' } });
  if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
  return response;
}

export async function get(path, params) {
  return (await request(path, params)).json();
}

/** Fetches a file with the token and hands it to the browser as a download (a plain link cannot carry the header). */
export async function download(path, params, fallbackName) {
  const response = await request(path, params);
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
export async function openPage(path, params) {
  const response = await request(path, params);
  const blob = new Blob([await response.text()], { type: 'text/html' });
  window.open(URL.createObjectURL(blob), '_blank', 'noopener');
}
