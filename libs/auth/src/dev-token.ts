import { SignJWT } from 'jose';
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

/**
 * An HS256 token for development and tests, accepted by the platform in shared-secret mode
 * (not when an OIDC issuer is configured). Region and branch claims are written only when given.
 */
export async function signDevToken(claims: DevTokenClaims, options: DevTokenOptions = {}): Promise<string> {
  const secret = options.secret ?? (process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET);
  const audience = options.audience ?? (process.env.AUTH_AUDIENCE || DEFAULT_AUDIENCE);
  const expiresIn = options.expiresIn ?? '12h';
  const payload: Record<string, unknown> = { role: claims.role };
  if (claims.regions && claims.regions.length > 0) payload.regions = [...claims.regions];
  if (claims.branches && claims.branches.length > 0) payload.branches = [...claims.branches];
  if (claims.contexts && claims.contexts.length > 0) payload.contexts = [...claims.contexts];
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.subject ?? (claims.role === 'integration' ? 'integration:dev' : `dev-${claims.role}`))
    .setIssuer(options.issuer ?? DEV_ISSUER)
    .setAudience(audience)
    .setIssuedAt(now)
    .setExpirationTime(typeof expiresIn === 'number' ? now + expiresIn : expiresIn)
    .sign(new TextEncoder().encode(secret));
}
