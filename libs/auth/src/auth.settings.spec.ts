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
    expect(authSettingsFromEnv({})).toEqual({ mode: 'shared-secret', secret: DEV_JWT_SECRET, devSecret: true, issuer: 'dealer-kpi-dev', audience: 'dealer-kpi' });
  });

  it('uses AUTH_JWT_SECRET and AUTH_AUDIENCE when given', () => {
    const secret = 'x'.repeat(32);
    expect(authSettingsFromEnv({ AUTH_JWT_SECRET: secret, AUTH_AUDIENCE: 'kpi-prod' })).toMatchObject({ mode: 'shared-secret', secret, devSecret: false, audience: 'kpi-prod' });
  });

  it('switches to the OIDC provider when issuer and JWKS URL are both set', () => {
    expect(authSettingsFromEnv({ AUTH_OIDC_ISSUER: 'https://idp.example/realms/d', AUTH_JWKS_URL: 'https://idp.example/certs' })).toEqual({
      mode: 'oidc',
      issuer: 'https://idp.example/realms/d',
      jwksUrl: 'https://idp.example/certs',
      audience: 'dealer-kpi',
      secretIgnored: false,
    });
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
