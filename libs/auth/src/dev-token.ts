import { createHmac } from 'node:crypto';
import { DEFAULT_AUDIENCE, DEV_ISSUER, DEV_JWT_SECRET } from './auth.settings';
import type { Role } from './principal';

export interface DevTokenClaims {
  readonly role: Role;
  readonly regions?: readonly string[];
  readonly branches?: readonly string[];
  /** For role `integration`: the contexts it writes (`sales`, `workshop`, `parts`). */
  readonly contexts?: readonly string[];
  /** `sub`; default `dev-<role>` (`integration:dev` for an integration). */
  readonly subject?: string;
  /** Claim `employee_id`: the employee the user account is linked to (a sales consultant's own activities). */
  readonly employeeId?: string;
}

export interface DevTokenOptions {
  /** Default: AUTH_JWT_SECRET, else the development secret. */
  readonly secret?: string;
  /** A jose time span (`'12h'`, `'30m'`, `'-1h'` for an expired token) or seconds; default 12 h. */
  readonly expiresIn?: string | number;
  /** Default: AUTH_AUDIENCE, else `dealer-kpi`. */
  readonly audience?: string;
  /** Default: the shared-secret issuer `dealer-kpi-dev`. */
  readonly issuer?: string;
}

const base64url = (value: string | Buffer): string => Buffer.from(value).toString('base64url');

/** A jose time span (`12h`, `30m`, `-1h`, `7d`) or seconds, in seconds. */
function spanSeconds(span: string | number): number {
  if (typeof span === 'number') return span;
  const match = /^(-?\d+)\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/.exec(span.trim());
  if (!match) throw new Error(`not a time span: ${span}`);
  const unit = match[2]!.charAt(0);
  const factor = unit === 's' ? 1 : unit === 'm' ? 60 : unit === 'h' ? 3600 : unit === 'd' ? 86_400 : 604_800;
  return Number(match[1]) * factor;
}

/**
 * An HS256 token for development and tests, accepted by the platform in shared-secret mode
 * (not when an OIDC issuer is configured). Region, branch, context and employee claims are written only
 * when given. Synchronous (node:crypto's HMAC), so test helpers can build headers anywhere;
 * the platform verifies it with jose like any other token.
 */
export function signDevTokenSync(claims: DevTokenClaims, options: DevTokenOptions = {}): string {
  const envSecret = process.env.AUTH_JWT_SECRET;
  if (options.secret === undefined && envSecret !== undefined && envSecret.trim() === '') {
    throw new Error('AUTH_JWT_SECRET is set but empty: set the secret the platform uses, or remove the variable for the development secret');
  }
  const secret = options.secret ?? envSecret ?? DEV_JWT_SECRET;
  const audience = options.audience ?? (process.env.AUTH_AUDIENCE || DEFAULT_AUDIENCE);
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { role: claims.role };
  if (claims.regions && claims.regions.length > 0) payload.regions = [...claims.regions];
  if (claims.branches && claims.branches.length > 0) payload.branches = [...claims.branches];
  if (claims.contexts && claims.contexts.length > 0) payload.contexts = [...claims.contexts];
  if (claims.employeeId !== undefined) payload.employee_id = claims.employeeId;
  payload.sub = claims.subject ?? (claims.role === 'integration' ? 'integration:dev' : `dev-${claims.role}`);
  payload.iss = options.issuer ?? DEV_ISSUER;
  payload.aud = audience;
  payload.iat = now;
  payload.exp = now + spanSeconds(options.expiresIn ?? '12h');
  const signingInput = `${base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))}.${base64url(JSON.stringify(payload))}`;
  return `${signingInput}.${createHmac('sha256', secret).update(signingInput).digest('base64url')}`;
}

/** {@link signDevTokenSync}, as a promise (the form most callers use). */
export function signDevToken(claims: DevTokenClaims, options: DevTokenOptions = {}): Promise<string> {
  return Promise.resolve().then(() => signDevTokenSync(claims, options));
}
