import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import { Type } from 'class-transformer';

/**
 * Every setting the platform reads from the environment, validated at boot. Which variables
 * exist is documented in README.md ("Configuration"). Secrets never appear in `describe()`.
 */
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

  // Access (libs/auth): HS256 with AUTH_JWT_SECRET (a fixed development secret when unset), or
  // RS256/ES256 tokens of an OIDC provider when AUTH_OIDC_ISSUER and AUTH_JWKS_URL are both set.
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
}

export class ConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigurationError';
  }
}

const SECRET = /PASSWORD|SECRET|TOKEN|KEY/;

/** Reads and validates the environment; throws one error listing every problem. */
export function loadPlatformConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const known = Object.keys(new PlatformConfig());
  const given = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => value !== undefined && value !== '' && known.includes(key)),
  );
  const config = plainToInstance(PlatformConfig, given, { excludeExtraneousValues: false });
  const errors = validateSync(config, { whitelist: false, stopAtFirstError: true });
  const problems = errors.flatMap((e) => Object.values(e.constraints ?? {}));
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
