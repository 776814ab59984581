import type SMTPTransport from 'nodemailer/lib/smtp-transport';

/**
 * Settings of the pack delivery scheduler, from the environment, validated at boot
 * (docs/operations.md, "Scheduled pack delivery"). Without SMTP_URL or SMTP_HOST the scheduler is
 * off (the subscriptions API still works). The password never leaves this object: `describe()`
 * names the server without credentials for the logs.
 */
export interface DeliverySettings {
  /** nodemailer's SMTP transport options; undefined when SMTP is not configured. */
  readonly smtp?: SMTPTransport.Options;
  /** `From:` of every mail. */
  readonly from: string;
  /** How often the scheduler looks for due deliveries. */
  readonly intervalMs: number;
  /** Attempts per delivery before it is logged as failed. */
  readonly maxAttempts: number;
  /** The wait after the first failed attempt; doubles after each further one (capped at a day). */
  readonly retryBaseMs: number;
}

export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');

const DEFAULTS = { intervalMs: 60_000, maxAttempts: 5, retryBaseMs: 60_000 };

export class DeliverySettingsError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < min || value > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}`);
    return fallback;
  }
  return value;
}

function flag(env: NodeJS.ProcessEnv, name: string, problems: string[]): boolean | undefined {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return undefined;
  if (['true', '1', 'yes'].includes(raw)) return true;
  if (['false', '0', 'no'].includes(raw)) return false;
  problems.push(`${name} must be true or false`);
  return undefined;
}

/**
 * SMTP_URL (`smtp://user:password@host:587`, `smtps://…:465`) or SMTP_HOST, SMTP_PORT (587; 465
 * means implicit TLS), SMTP_USER, SMTP_PASSWORD; SMTP_FROM (required with either); SMTP_SECURE
 * (implicit TLS), SMTP_REQUIRE_TLS (refuse a server without STARTTLS), SMTP_TLS_REJECT_UNAUTHORIZED
 * (default true); PACK_DELIVERY_INTERVAL_MS, PACK_DELIVERY_MAX_ATTEMPTS, PACK_DELIVERY_RETRY_BASE_MS.
 */
export function deliverySettingsFromEnv(env: NodeJS.ProcessEnv = process.env): DeliverySettings {
  const problems: string[] = [];
  const intervalMs = integer(env, 'PACK_DELIVERY_INTERVAL_MS', DEFAULTS.intervalMs, 100, 86_400_000, problems);
  const maxAttempts = integer(env, 'PACK_DELIVERY_MAX_ATTEMPTS', DEFAULTS.maxAttempts, 1, 50, problems);
  const retryBaseMs = integer(env, 'PACK_DELIVERY_RETRY_BASE_MS', DEFAULTS.retryBaseMs, 0, 86_400_000, problems);
  const url = env.SMTP_URL?.trim() || undefined;
  const host = env.SMTP_HOST?.trim() || undefined;
  const from = env.SMTP_FROM?.trim() ?? '';
  const secure = flag(env, 'SMTP_SECURE', problems);
  const requireTLS = flag(env, 'SMTP_REQUIRE_TLS', problems);
  const rejectUnauthorized = flag(env, 'SMTP_TLS_REJECT_UNAUTHORIZED', problems) ?? true;
  let smtp: SMTPTransport.Options | undefined;
  if (url && host) problems.push('set SMTP_URL or SMTP_HOST, not both');
  if ((url || host) && from === '') problems.push('SMTP_FROM is required with SMTP_URL or SMTP_HOST (e.g. "KPI reports <kpi@example.com>")');
  if (url) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      problems.push('SMTP_URL must be a URL such as smtp://user:password@mail.example.com:587 or smtps://…:465');
    }
    if (parsed && !['smtp:', 'smtps:'].includes(parsed.protocol)) problems.push('SMTP_URL must start with smtp:// or smtps://');
    if (parsed && ['smtp:', 'smtps:'].includes(parsed.protocol)) {
      const implicitTls = parsed.protocol === 'smtps:';
      smtp = {
        host: parsed.hostname,
        port: parsed.port === '' ? (implicitTls ? 465 : 587) : Number(parsed.port),
        secure: secure ?? implicitTls,
        ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
      };
    }
  } else if (host) {
    const port = integer(env, 'SMTP_PORT', 587, 1, 65_535, problems);
    const user = env.SMTP_USER?.trim() || undefined;
    const pass = env.SMTP_PASSWORD ?? '';
    if (!user && pass !== '') problems.push('SMTP_PASSWORD is set without SMTP_USER');
    smtp = { host, port, secure: secure ?? port === 465, ...(user ? { auth: { user, pass } } : {}) };
  } else if (env.SMTP_USER || env.SMTP_PASSWORD || env.SMTP_PORT) {
    problems.push('SMTP_PORT, SMTP_USER and SMTP_PASSWORD need SMTP_HOST');
  }
  if (problems.length > 0) throw new DeliverySettingsError(`pack delivery settings: ${problems.join('; ')}`);
  if (smtp) {
    smtp = {
      ...smtp,
      ...(requireTLS !== undefined ? { requireTLS } : {}),
      tls: { rejectUnauthorized },
      connectionTimeout: 30_000,
      greetingTimeout: 30_000,
      socketTimeout: 60_000,
    };
  }
  return { ...(smtp ? { smtp } : {}), from, intervalMs, maxAttempts, retryBaseMs };
}

/** `smtp.example.com:587 (STARTTLS, user kpi)`: for logs, never the password. */
export function describeSmtp(settings: DeliverySettings): string {
  const smtp = settings.smtp;
  if (!smtp) return 'not configured';
  const tls = smtp.secure ? 'TLS' : smtp.requireTLS ? 'STARTTLS required' : 'STARTTLS when offered';
  return `${smtp.host}:${smtp.port} (${tls}${smtp.auth?.user ? `, user ${smtp.auth.user}` : ''})`;
}

/** The wait before attempt `attempts + 1`: base × 2^(attempts − 1), at most a day. */
export function retryDelayMs(settings: Pick<DeliverySettings, 'retryBaseMs'>, attempts: number): number {
  return Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempts - 1), 86_400_000);
}
