import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { Type } from 'class-transformer';

/**
 * Every setting the platform reads from the environment, validated at boot. Which variables
 * exist is documented in README.md ("Configuration"). Secrets never appear in `describe()`.
 */
const DURATION = /^\s*\d{1,7}\s*[smhd]\s*$/;
const DURATION_PARTS = /^(\d{1,7})\s*([smhd])$/;

export class PlatformConfig {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '127.0.0.1';

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, { message: 'KAFKA_BROKERS must be host:port[,host:port…]' })
  KAFKA_BROKERS?: string;

  @IsOptional()
  @Matches(/^[a-zA-Z0-9._-]*$/, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, ".", "_" and "-" only' })
  KAFKA_TOPIC_PREFIX = '';

  @Type(() => Number)
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be a whole number' })
  @Min(1)
  @Max(1000)
  KAFKA_TOPIC_PARTITIONS = 6;

  @Type(() => Number)
  @IsInt({ message: 'KAFKA_REPLICATION_FACTOR must be a whole number' })
  @Min(1)
  @Max(10)
  KAFKA_REPLICATION_FACTOR = 1;

  @Type(() => Number)
  @IsInt({ message: 'EMBEDDED_POSTGRES_PORT must be a whole number' })
  @Min(1)
  @Max(65535)
  EMBEDDED_POSTGRES_PORT = 54329;

  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'CLICKHOUSE_URL must be an http(s):// URL' })
  CLICKHOUSE_URL?: string;

  @IsOptional()
  @IsString()
  CLICKHOUSE_USER?: string;

  @IsOptional()
  @Matches(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, { message: 'CLICKHOUSE_DATABASE must be letters, digits and _' })
  CLICKHOUSE_DATABASE?: string;

  @IsOptional()
  @IsString()
  CLICKHOUSE_DATA_DIR?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IsString()
  CLICKHOUSE_PASSWORD?: string;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  // text: Nest's coloured lines (default); json: one JSON object a line, with the request's
  // correlation id (docs/operations.md "Metrics and logs").
  @IsIn(['text', 'json'], { message: 'LOG_FORMAT must be text or json' })
  LOG_FORMAT: 'text' | 'json' = 'text';

  // Access (libs/auth): HS256 with AUTH_JWT_SECRET (a fixed development secret when unset, never
  // with NODE_ENV=production), or RS256/ES256 tokens of an OIDC provider when AUTH_OIDC_ISSUER and
  // AUTH_JWKS_URL are both set. An empty AUTH_JWT_SECRET is an error, not "unset".
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'AUTH_JWT_SECRET must be at least 32 characters (an HS256 key of 256 bits)' })
  AUTH_JWT_SECRET?: string;

  @ValidateIf((c: PlatformConfig) => c.AUTH_OIDC_ISSUER !== undefined || c.AUTH_JWKS_URL !== undefined)
  @Matches(/^\S{1,500}$/, { message: 'AUTH_OIDC_ISSUER (the iss of the tokens, without spaces) is required when AUTH_JWKS_URL is set' })
  AUTH_OIDC_ISSUER?: string;

  @ValidateIf((c: PlatformConfig) => c.AUTH_OIDC_ISSUER !== undefined || c.AUTH_JWKS_URL !== undefined)
  @Matches(/^https?:\/\/\S+$/, { message: 'AUTH_JWKS_URL must be an http(s):// URL; it is required when AUTH_OIDC_ISSUER is set' })
  AUTH_JWKS_URL?: string;

  @Matches(/^\S{1,200}$/, { message: 'AUTH_AUDIENCE must be a non-empty value without spaces' })
  AUTH_AUDIENCE = 'dealer-kpi';

  // Longest lifetime of an accepted token (exp − iat, or exp − now without iat): a span such as
  // 30m, 12h or 7d, at most 30 days. A stolen token is worth at most this long.
  @Matches(DURATION, { message: 'AUTH_MAX_TOKEN_LIFETIME must be a span such as 30m, 12h or 7d (s, m, h, d), from 1 minute to 30 days' })
  AUTH_MAX_TOKEN_LIFETIME = '24h';
}

/**
 * The fixed development secret that signs tokens when AUTH_JWT_SECRET is unset. It is public (it
 * is in this repository): with NODE_ENV=production the platform refuses to start with it.
 */
export const DEV_JWT_SECRET = 'dealer-kpi-development-secret-not-for-production';

const DURATION_SECONDS = { s: 1, m: 60, h: 3600, d: 86400 } as const;
const MAX_TOKEN_LIFETIME_SECONDS = 30 * 86400;

/** Seconds of a span such as `90s`, `30m`, `12h` or `7d`; undefined when it is not one. */
export function durationSeconds(span: string): number | undefined {
  const match = DURATION_PARTS.exec(span.trim());
  if (!match) return undefined;
  return Number(match[1]) * DURATION_SECONDS[match[2] as keyof typeof DURATION_SECONDS];
}

/** AUTH_MAX_TOKEN_LIFETIME in seconds (validated at load). */
export function maxTokenLifetimeSeconds(config: Partial<Pick<PlatformConfig, 'AUTH_MAX_TOKEN_LIFETIME'>>): number {
  return durationSeconds(config.AUTH_MAX_TOKEN_LIFETIME ?? '24h') ?? 24 * 3600;
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

const SECRET = /PASSWORD|SECRET|TOKEN|KEY/;

/**
 * What class-validator cannot say about one variable alone: an empty secret (a typo in a
 * deployment must not fall back to the public development secret), a token lifetime out of range,
 * and production (NODE_ENV=production) with no secret of its own and no OIDC issuer.
 */
function crossFieldProblems(config: PlatformConfig, env: NodeJS.ProcessEnv): string[] {
  const problems: string[] = [];
  const rawSecret = env.AUTH_JWT_SECRET;
  if (rawSecret !== undefined && rawSecret.trim() === '') {
    problems.push('AUTH_JWT_SECRET is set but empty: set a secret of at least 32 characters, or remove the variable (development only)');
  }
  const lifetime = durationSeconds(config.AUTH_MAX_TOKEN_LIFETIME);
  if (lifetime !== undefined && (lifetime < 60 || lifetime > MAX_TOKEN_LIFETIME_SECONDS)) {
    problems.push('AUTH_MAX_TOKEN_LIFETIME must be from 1 minute to 30 days');
  }
  const oidc = config.AUTH_OIDC_ISSUER !== undefined && config.AUTH_JWKS_URL !== undefined;
  if (env.NODE_ENV === 'production' && !oidc) {
    if (rawSecret === undefined) {
      problems.push(
        'AUTH_JWT_SECRET is required with NODE_ENV=production (or configure AUTH_OIDC_ISSUER and AUTH_JWKS_URL): without it tokens would be signed with the public development secret',
      );
    } else if (rawSecret === DEV_JWT_SECRET) {
      problems.push('AUTH_JWT_SECRET is the public development secret: with NODE_ENV=production set a secret of your own (e.g. openssl rand -base64 48)');
    }
  }
  return problems;
}

/** Reads and validates the environment; throws one error listing every problem. */
export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const known = Object.keys(new PlatformConfig());
  const given = Object.fromEntries(Object.entries(env).filter(([key, value]) => value !== undefined && value !== '' && known.includes(key)));
  const config = plainToInstance(PlatformConfig, given, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  const problems = [...errors.flatMap((e) => Object.values(e.constraints ?? {})), ...crossFieldProblems(config, env)];
  if (problems.length > 0) throw new ConfigurationError(problems);
  return config;
}

/** A URL's password masked; anything that does not parse as a URL is masked whole if it holds a '@'. */
function maskUrlPassword(text: string): string {
  if (!text.includes('@')) return text;
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '***';
  }
}

/** The configuration fit for a log line: secrets and URL passwords masked. */
export function describeConfig(config: PlatformConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(config)) {
    if (value === undefined || value === '') continue;
    out[key] = SECRET.test(key) ? '***' : maskUrlPassword(String(value));
  }
  return out;
}
