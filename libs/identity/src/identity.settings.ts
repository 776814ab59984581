import { ConfigurationError, maxTokenLifetimeSeconds } from '@app/platform-kit';

/**
 * Settings of sign-in, sessions, integration accounts and their rate limits, read from the
 * environment and validated at boot (a {@link ConfigurationError} lists every problem). Spans
 * are written `30s`, `15m`, `8h`, `7d` or as seconds.
 */
export interface IdentitySettings {
  /** AUTH_SESSION_TTL (default 8h): how long a sign-in lasts; the token's `exp` is the session's end. */
  readonly sessionTtlSeconds: number;
  /** AUTH_INTEGRATION_TOKEN_TTL (default 15m): lifetime of a client-credentials token. */
  readonly integrationTokenTtlSeconds: number;
  /** AUTH_OIDC_CLIENT_ID: the dashboard's public client at the OIDC provider (OIDC mode). */
  readonly oidcClientId?: string;
  /** AUTH_OIDC_SCOPE (default `openid profile`): the scope the dashboard asks the provider for. */
  readonly oidcScope: string;
  /** AUTH_ADMIN_USERNAME (default `admin`): the first head-office account, created when there is no user. */
  readonly adminUsername: string;
  /** AUTH_ADMIN_PASSWORD: its password; generated (and printed once) when unset. */
  readonly adminPassword?: string;
  /** AUTH_SIGN_IN_ATTEMPTS (default 5): failed sign-ins per username (or client id) per window. */
  readonly failedAttemptsPerAccount: number;
  /** AUTH_SIGN_IN_ATTEMPTS_PER_IP (default 20): failed sign-ins and client-credential attempts per address per window. */
  readonly failedAttemptsPerAddress: number;
  /** AUTH_BAD_TOKENS_PER_IP (default 60): requests with a bad bearer token per address per window. */
  readonly badTokensPerAddress: number;
  /** AUTH_ATTEMPT_WINDOW (default 1m): the window of those limits. */
  readonly attemptWindowSeconds: number;
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** `'90'` → 90, `'15m'` → 900, `'8h'` → 28800; undefined when not a positive span. */
export function parseSpanSeconds(text: string): number | undefined {
  const match = /^\s*(\d{1,9})\s*(s|m|h|d)?\s*$/.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[match[2] ?? 's']!;
  return seconds > 0 ? seconds : undefined;
}

function given(env: NodeJS.ProcessEnv, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** Reads and validates the identity settings; throws one error listing every problem. */
export function identitySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): IdentitySettings {
  const problems: string[] = [];
  const span = (key: string, fallback: string, max: number): number => {
    const seconds = parseSpanSeconds(given(env, key) ?? fallback);
    if (seconds === undefined || seconds > max) {
      problems.push(`${key} must be a span such as 30m, 8h or 7d (at most ${max / 86_400} days)`);
      return parseSpanSeconds(fallback)!;
    }
    return seconds;
  };
  const count = (key: string, fallback: number): number => {
    const text = given(env, key);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < 1 || value > 1_000_000) {
      problems.push(`${key} must be a whole number from 1 to 1000000`);
      return fallback;
    }
    return value;
  };
  const sessionTtlSeconds = span('AUTH_SESSION_TTL', '8h', 30 * 86_400);
  const integrationTokenTtlSeconds = span('AUTH_INTEGRATION_TOKEN_TTL', '15m', 86_400);
  const attemptWindowSeconds = span('AUTH_ATTEMPT_WINDOW', '1m', 86_400);
  // Our tokens stay within the gate's maximum token lifetime (AUTH_MAX_TOKEN_LIFETIME, default 24h).
  const maxLifetime = maxTokenLifetimeSeconds({ AUTH_MAX_TOKEN_LIFETIME: given(env, 'AUTH_MAX_TOKEN_LIFETIME') });
  if (sessionTtlSeconds > maxLifetime) problems.push('AUTH_SESSION_TTL must not exceed AUTH_MAX_TOKEN_LIFETIME (default 24h)');
  if (integrationTokenTtlSeconds > maxLifetime) problems.push('AUTH_INTEGRATION_TOKEN_TTL must not exceed AUTH_MAX_TOKEN_LIFETIME (default 24h)');
  const adminUsername = given(env, 'AUTH_ADMIN_USERNAME') ?? 'admin';
  if (!USERNAME_PATTERN.test(adminUsername)) problems.push(`AUTH_ADMIN_USERNAME ${USERNAME_RULE}`);
  const adminPassword = given(env, 'AUTH_ADMIN_PASSWORD');
  if (adminPassword !== undefined) {
    const weak = passwordProblems(adminPassword, adminUsername);
    if (weak.length > 0) problems.push(`AUTH_ADMIN_PASSWORD ${weak.join('; ')}`);
  }
  const oidcClientId = given(env, 'AUTH_OIDC_CLIENT_ID');
  if (oidcClientId !== undefined && !/^\S{1,200}$/.test(oidcClientId)) problems.push('AUTH_OIDC_CLIENT_ID must be a client id without spaces');
  const settings: IdentitySettings = {
    sessionTtlSeconds,
    integrationTokenTtlSeconds,
    ...(oidcClientId !== undefined ? { oidcClientId } : {}),
    oidcScope: given(env, 'AUTH_OIDC_SCOPE') ?? 'openid profile',
    adminUsername,
    ...(adminPassword !== undefined ? { adminPassword } : {}),
    failedAttemptsPerAccount: count('AUTH_SIGN_IN_ATTEMPTS', 5),
    failedAttemptsPerAddress: count('AUTH_SIGN_IN_ATTEMPTS_PER_IP', 20),
    badTokensPerAddress: count('AUTH_BAD_TOKENS_PER_IP', 60),
    attemptWindowSeconds,
  };
  if (problems.length > 0) throw new ConfigurationError(problems);
  return settings;
}

/** Usernames: 3 to 64 letters, digits, `.`, `_`, `-` or `@`. */
export const USERNAME_PATTERN = /^[A-Za-z0-9._@-]{3,64}$/;
export const USERNAME_RULE = 'must be 3 to 64 letters, digits, ".", "_", "-" or "@"';
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** What is wrong with a password for this username (none: acceptable). */
export function passwordProblems(password: string, username: string): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`must be at least ${PASSWORD_MIN_LENGTH} characters`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`must be at most ${PASSWORD_MAX_LENGTH} characters`);
  if (password.trim().toLowerCase() === username.trim().toLowerCase()) problems.push('must not be the username');
  return problems;
}
