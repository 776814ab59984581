import { DEV_JWT_SECRET, loadPlatformConfig, maxTokenLifetimeSeconds, PlatformConfig } from '@app/platform-kit';

/**
 * The fixed development secret used when AUTH_JWT_SECRET is not set. Public: never use it in
 * production (with NODE_ENV=production the configuration check refuses it). Defined beside the
 * configuration, which checks it.
 */
export { DEV_JWT_SECRET };
/** Longest token lifetime when AUTH_MAX_TOKEN_LIFETIME is not set: 24 hours. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 24 * 3600;
/** `iss` of the tokens signed with a shared secret (`npm run token`, {@link signDevToken}). */
export const DEV_ISSUER = 'dealer-kpi-dev';
export const DEFAULT_AUDIENCE = 'dealer-kpi';

/** Algorithms accepted from an OIDC provider's key set. Symmetric and `none` are never accepted there. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256'] as const;

export type AuthSettings =
  | {
      /** HS256 with a shared secret. */
      readonly mode: 'shared-secret';
      readonly secret: string;
      /** True when AUTH_JWT_SECRET is unset and the public development secret is in use. */
      readonly devSecret: boolean;
      readonly issuer: string;
      readonly audience: string;
      /** Longest accepted `exp − iat` (or `exp − now` without `iat`), in seconds (AUTH_MAX_TOKEN_LIFETIME). */
      readonly maxTokenLifetimeSeconds?: number;
    }
  | {
      /** RS256/ES256 with the keys published at `jwksUrl`. */
      readonly mode: 'oidc';
      readonly issuer: string;
      readonly jwksUrl: string;
      readonly audience: string;
      /** True when AUTH_JWT_SECRET is set as well: it is ignored. */
      readonly secretIgnored: boolean;
      /** As in shared-secret mode. */
      readonly maxTokenLifetimeSeconds?: number;
    };

type AuthConfig = Pick<PlatformConfig, 'AUTH_JWT_SECRET' | 'AUTH_OIDC_ISSUER' | 'AUTH_JWKS_URL' | 'AUTH_AUDIENCE'> &
  Partial<Pick<PlatformConfig, 'AUTH_MAX_TOKEN_LIFETIME'>>;

/** The verification settings of a validated configuration (see PlatformConfig's AUTH_* variables). */
export function authSettingsFrom(config: AuthConfig): AuthSettings {
  const audience = config.AUTH_AUDIENCE || DEFAULT_AUDIENCE;
  const maxTokenLifetime = maxTokenLifetimeSeconds(config);
  if (config.AUTH_OIDC_ISSUER && config.AUTH_JWKS_URL) {
    return {
      mode: 'oidc',
      issuer: config.AUTH_OIDC_ISSUER,
      jwksUrl: config.AUTH_JWKS_URL,
      audience,
      secretIgnored: config.AUTH_JWT_SECRET !== undefined,
      maxTokenLifetimeSeconds: maxTokenLifetime,
    };
  }
  return {
    mode: 'shared-secret',
    secret: config.AUTH_JWT_SECRET ?? DEV_JWT_SECRET,
    devSecret: config.AUTH_JWT_SECRET === undefined,
    issuer: DEV_ISSUER,
    audience,
    maxTokenLifetimeSeconds: maxTokenLifetime,
  };
}

/** Reads and validates the environment (throws a ConfigurationError listing every problem). */
export function authSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): AuthSettings {
  return authSettingsFrom(loadPlatformConfig(env));
}

/** One line for the boot log: the mode, issuer, audience and key source; never the secret. */
export function describeAuthSettings(settings: AuthSettings): string {
  switch (settings.mode) {
    case 'shared-secret':
      return `HS256 tokens (issuer ${settings.issuer}, audience ${settings.audience}) with ${settings.devSecret ? 'the development secret' : 'AUTH_JWT_SECRET'}`;
    case 'oidc':
      return `${OIDC_ALGORITHMS.join('/')} tokens (issuer ${settings.issuer}, audience ${settings.audience}) with the keys at ${withoutCredentials(settings.jwksUrl)}`;
  }
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username || parsed.password) {
      parsed.username = '***';
      parsed.password = '';
    }
    return parsed.toString();
  } catch {
    return '***';
  }
}
