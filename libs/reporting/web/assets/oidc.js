// Sign-in with the company's OpenID provider: the authorization code flow with PKCE (S256), a
// state and a nonce, run in the browser as a public client. The provider sends the browser back
// to the dashboard at `/` with `?code=…&state=…`; the code is exchanged at the token endpoint and
// the access token is used as the bearer token. The verifier, state and nonce wait in this tab's
// sessionStorage and are used once.

/** @import { OidcConfig } from '../types/api' */

const PENDING_KEY = 'dealer-kpi.oidc';

/**
 * What waits in sessionStorage between the redirect to the provider and its answer.
 * @typedef {{ verifier: string, state: string, nonce: string, returnHash?: string, config: OidcConfig, startedAt: number }} Pending
 */
/**
 * The token endpoint's answer (RFC 6749 §5.1), as far as the page reads it.
 * @typedef {{ access_token?: unknown, id_token?: unknown, expires_in?: unknown }} TokenAnswer
 */

export class OidcError extends Error {
  /** @param {'OIDC_STATE_MISMATCH' | 'OIDC_DENIED' | 'OIDC_FAILED'} code */
  constructor(code) {
    super(code);
    this.code = code;
  }
}

/** @param {Uint8Array} bytes */
function base64url(bytes) {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomText(size = 32) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

/**
 * SHA-256 in script, for pages served over plain HTTP on a LAN (no crypto.subtle outside a secure context).
 * @param {Uint8Array} data
 * @returns {Uint8Array}
 */
function sha256Fallback(data) {
  const k = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74,
    0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d,
    0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e,
    0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
  ]);
  const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const length = Math.ceil((data.length + 9) / 64) * 64;
  const padded = new Uint8Array(length);
  padded.set(data);
  padded[data.length] = 0x80;
  new DataView(padded.buffer).setUint32(length - 4, data.length * 8);
  const w = new Uint32Array(64);
  const rotr = (/** @type {number} */ x, /** @type {number} */ n) => (x >>> n) | (x << (32 - n));
  for (let offset = 0; offset < length; offset += 64) {
    const view = new DataView(padded.buffer, offset, 64);
    for (let i = 0; i < 16; i += 1) w[i] = view.getUint32(i * 4);
    for (let i = 16; i < 64; i += 1) {
      const s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >>> 3);
      const s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >>> 10);
      w[i] = (w[i - 16] + s0 + w[i - 7] + s1) >>> 0;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let i = 0; i < 64; i += 1) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i]) >>> 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) >>> 0, c, b, a, (t1 + t2) >>> 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((value, i) => (h[i] = (h[i] + value) >>> 0));
  }
  const out = new Uint8Array(32);
  h.forEach((value, i) => new DataView(out.buffer).setUint32(i * 4, value));
  return out;
}

/** @param {string} text */
async function sha256(text) {
  const data = new TextEncoder().encode(text);
  if (globalThis.crypto?.subtle) return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
  return sha256Fallback(data);
}

function redirectUri() {
  return `${window.location.origin}/`;
}

/**
 * Sends the browser to the provider's authorization endpoint; comes back to `/` with a code.
 * @param {OidcConfig} oidc
 * @param {string} [returnHash]
 */
export async function startSignIn(oidc, returnHash = window.location.hash) {
  const verifier = randomText(48);
  const state = randomText(24);
  const nonce = randomText(24);
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, nonce, returnHash, config: oidc, startedAt: Date.now() }));
  const target = new URL(oidc.authorizationEndpoint);
  target.searchParams.set('response_type', 'code');
  target.searchParams.set('client_id', oidc.clientId);
  target.searchParams.set('redirect_uri', redirectUri());
  target.searchParams.set('scope', oidc.scope || 'openid');
  target.searchParams.set('state', state);
  target.searchParams.set('nonce', nonce);
  target.searchParams.set('code_challenge', base64url(await sha256(verifier)));
  target.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(target.toString());
}

/** True when the address is the provider's answer (`?code=` or `?error=` with a `state`). */
export function isCallback() {
  const params = new URLSearchParams(window.location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

/**
 * The claims of a JWT (not verified: the nonce is compared), or null when it is not one.
 * @param {string} jwt
 * @returns {{ nonce?: unknown } | null}
 */
function claimsOf(jwt) {
  try {
    const part = (jwt.split('.')[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const claims = /** @type {unknown} */ (
      JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(part.padEnd(Math.ceil(part.length / 4) * 4, '=')), (c) => c.charCodeAt(0))))
    );
    return typeof claims === 'object' && claims !== null ? claims : null;
  } catch {
    return null;
  }
}

/**
 * Finishes a sign-in on the provider's answer: checks the state, exchanges the code with the
 * verifier, checks the ID token's nonce, and clears the code from the address. Answers
 * `{ accessToken, expiresAt, returnHash }`, or throws an OidcError.
 */
export async function completeSignIn() {
  const params = new URLSearchParams(window.location.search);
  /** @type {unknown} */
  const stored = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null');
  // What startSignIn stored in this tab.
  const pending = /** @type {Pending | null} */ (stored);
  sessionStorage.removeItem(PENDING_KEY);
  // The code leaves the address at once, whatever happens next.
  window.history.replaceState(null, '', `${window.location.pathname}${pending?.returnHash ?? ''}`);
  if (!pending || params.get('state') !== pending.state) throw new OidcError('OIDC_STATE_MISMATCH');
  if (params.has('error')) throw new OidcError(params.get('error') === 'access_denied' ? 'OIDC_DENIED' : 'OIDC_FAILED');
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code: params.get('code') ?? '',
    redirect_uri: redirectUri(),
    client_id: pending.config.clientId,
    code_verifier: pending.verifier,
  });
  /** @type {TokenAnswer | null} */
  let answer;
  try {
    const response = await fetch(pending.config.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body,
      credentials: 'omit',
    });
    answer = response.ok ? /** @type {TokenAnswer | null} */ (await response.json()) : null;
  } catch {
    answer = null;
  }
  if (typeof answer?.access_token !== 'string' || !answer.access_token) throw new OidcError('OIDC_FAILED');
  if (answer.id_token) {
    const claims = typeof answer.id_token === 'string' ? claimsOf(answer.id_token) : null;
    if (!claims || claims.nonce !== pending.nonce) throw new OidcError('OIDC_STATE_MISMATCH');
  }
  const expiresIn = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    expiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? Date.now() + expiresIn * 1000 : null,
    returnHash: pending.returnHash ?? '',
  };
}
