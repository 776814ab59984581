import { ConfigurationError, describeConfig, loadPlatformConfig } from '@app/platform-kit';
import { authSettingsFrom, authSettingsFromEnv, DEV_JWT_SECRET, describeAuthSettings } from './auth.settings';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    authSettingsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  throw new Error('expected a ConfigurationError');
}

describe('AUTH_* configuration', () => {
  it('defaults to HS256 with the development secret and audience dealer-kpi', () => {
    expect(authSettingsFromEnv({})).toEqual({
      mode: 'shared-secret',
      secret: DEV_JWT_SECRET,
      devSecret: true,
      issuer: 'dealer-kpi-dev',
      audience: 'dealer-kpi',
      maxTokenLifetimeSeconds: 86400,
    });
  });

  it('uses AUTH_JWT_SECRET and AUTH_AUDIENCE when given', () => {
    const secret = 'x'.repeat(32);
    expect(authSettingsFromEnv({ AUTH_JWT_SECRET: secret, AUTH_AUDIENCE: 'kpi-prod' })).toMatchObject({
      mode: 'shared-secret',
      secret,
      devSecret: false,
      audience: 'kpi-prod',
    });
  });

  it('switches to the OIDC provider when issuer and JWKS URL are both set', () => {
    expect(authSettingsFromEnv({ AUTH_OIDC_ISSUER: 'https://idp.example/realms/d', AUTH_JWKS_URL: 'https://idp.example/certs' })).toEqual({
      mode: 'oidc',
      issuer: 'https://idp.example/realms/d',
      jwksUrl: 'https://idp.example/certs',
      audience: 'dealer-kpi',
      secretIgnored: false,
      maxTokenLifetimeSeconds: 86400,
    });
  });

  it('reads the longest token lifetime from AUTH_MAX_TOKEN_LIFETIME (default 24h), from 1 minute to 30 days', () => {
    expect(authSettingsFromEnv({ AUTH_MAX_TOKEN_LIFETIME: '8h' }).maxTokenLifetimeSeconds).toBe(8 * 3600);
    expect(authSettingsFromEnv({ AUTH_MAX_TOKEN_LIFETIME: '30d' }).maxTokenLifetimeSeconds).toBe(30 * 86400);
    expect(authSettingsFromEnv({ AUTH_MAX_TOKEN_LIFETIME: '90s' }).maxTokenLifetimeSeconds).toBe(90);
    for (const bad of ['forever', '24', '1y', '-1h', '1.5h']) {
      expect(problems({ AUTH_MAX_TOKEN_LIFETIME: bad })).toEqual([
        'AUTH_MAX_TOKEN_LIFETIME must be a span such as 30m, 12h or 7d (s, m, h, d), from 1 minute to 30 days',
      ]);
    }
    for (const outOfRange of ['31d', '59s', '0m'])
      expect(problems({ AUTH_MAX_TOKEN_LIFETIME: outOfRange })).toEqual(['AUTH_MAX_TOKEN_LIFETIME must be from 1 minute to 30 days']);
  });

  it('an empty AUTH_JWT_SECRET is an error in every mode, never the development secret', () => {
    const empty = 'AUTH_JWT_SECRET is set but empty: set a secret of at least 32 characters, or remove the variable (development only)';
    expect(problems({ AUTH_JWT_SECRET: '' })).toEqual([empty]);
    expect(problems({ AUTH_JWT_SECRET: '', NODE_ENV: 'development' })).toEqual([empty]);
    expect(problems({ AUTH_JWT_SECRET: ' '.repeat(40), NODE_ENV: 'test' })).toEqual([empty]);
    expect(problems({ AUTH_JWT_SECRET: '', AUTH_OIDC_ISSUER: 'https://idp', AUTH_JWKS_URL: 'https://idp/certs' })).toEqual([empty]);
  });

  it('refuses to start in production without a secret of its own, unless an OIDC issuer is configured', () => {
    expect(problems({ NODE_ENV: 'production' })).toEqual([
      'AUTH_JWT_SECRET is required with NODE_ENV=production (or configure AUTH_OIDC_ISSUER and AUTH_JWKS_URL): without it tokens would be signed with the public development secret',
    ]);
    expect(problems({ NODE_ENV: 'production', AUTH_JWT_SECRET: DEV_JWT_SECRET })).toEqual([
      'AUTH_JWT_SECRET is the public development secret: with NODE_ENV=production set a secret of your own (e.g. openssl rand -base64 48)',
    ]);
    expect(problems({ NODE_ENV: 'production', AUTH_JWT_SECRET: '' })).toEqual([
      'AUTH_JWT_SECRET is set but empty: set a secret of at least 32 characters, or remove the variable (development only)',
    ]);
    const secret = 'a-production-secret-of-at-least-32-chars';
    expect(authSettingsFromEnv({ NODE_ENV: 'production', AUTH_JWT_SECRET: secret })).toMatchObject({ mode: 'shared-secret', devSecret: false });
    expect(authSettingsFromEnv({ NODE_ENV: 'production', AUTH_OIDC_ISSUER: 'https://idp', AUTH_JWKS_URL: 'https://idp/certs' })).toMatchObject({
      mode: 'oidc',
    });
    // Outside production the development secret is still the default (the boot log warns).
    expect(authSettingsFromEnv({ NODE_ENV: 'development' })).toMatchObject({ devSecret: true });
  });

  it('refuses at boot, with clear messages: a short secret, half an OIDC setup, a bad URL or audience', () => {
    expect(problems({ AUTH_JWT_SECRET: 'short' })).toEqual(['AUTH_JWT_SECRET must be at least 32 characters (an HS256 key of 256 bits)']);
    expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example' })).toEqual([
      'AUTH_JWKS_URL must be an http(s):// URL; it is required when AUTH_OIDC_ISSUER is set',
    ]);
    expect(problems({ AUTH_JWKS_URL: 'https://idp.example/certs' })).toEqual([
      'AUTH_OIDC_ISSUER (the iss of the tokens, without spaces) is required when AUTH_JWKS_URL is set',
    ]);
    expect(problems({ AUTH_OIDC_ISSUER: 'https://idp.example', AUTH_JWKS_URL: 'ftp://idp.example/certs' })).toEqual([
      'AUTH_JWKS_URL must be an http(s):// URL; it is required when AUTH_OIDC_ISSUER is set',
    ]);
    expect(problems({ AUTH_AUDIENCE: 'two words' })).toEqual(['AUTH_AUDIENCE must be a non-empty value without spaces']);
  });

  it('never shows the secret in the boot log', () => {
    const secret = 'a-secret-that-must-never-be-logged-123';
    const config = loadPlatformConfig({ AUTH_JWT_SECRET: secret });
    expect(JSON.stringify(describeConfig(config))).not.toContain(secret);
    expect(describeConfig(config).AUTH_JWT_SECRET).toBe('***');
    expect(describeAuthSettings(authSettingsFrom(config))).toBe('HS256 tokens (issuer dealer-kpi-dev, audience dealer-kpi) with AUTH_JWT_SECRET');
    expect(describeAuthSettings(authSettingsFromEnv({}))).not.toContain(DEV_JWT_SECRET);
    const oidc = authSettingsFromEnv({ AUTH_OIDC_ISSUER: 'https://idp', AUTH_JWKS_URL: 'https://user:pw@idp/certs', AUTH_JWT_SECRET: secret });
    expect(oidc).toMatchObject({ mode: 'oidc', secretIgnored: true });
    expect(describeAuthSettings(oidc)).toBe('RS256/ES256 tokens (issuer https://idp, audience dealer-kpi) with the keys at https://***@idp/certs');
  });
});
