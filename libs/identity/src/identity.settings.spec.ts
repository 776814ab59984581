import { ConfigurationError } from '@app/platform-kit';
import { AttemptLimiter } from './attempt-limiter';
import { identitySettingsFromEnv, parseSpanSeconds, passwordProblems } from './identity.settings';

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    identitySettingsFromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as ConfigurationError).problems;
  }
  throw new Error('expected a ConfigurationError');
}

describe('identity settings', () => {
  it('defaults: 8 h sessions, 15 min integration tokens, admin, 5 failures per account and 20 per address a minute, 60 bad tokens', () => {
    expect(identitySettingsFromEnv({})).toEqual({
      sessionTtlSeconds: 8 * 3600,
      integrationTokenTtlSeconds: 900,
      oidcScope: 'openid profile',
      adminUsername: 'admin',
      failedAttemptsPerAccount: 5,
      failedAttemptsPerAddress: 20,
      badTokensPerAddress: 60,
      attemptWindowSeconds: 60,
    });
    expect(identitySettingsFromEnv({ AUTH_SESSION_TTL: '30m', AUTH_OIDC_CLIENT_ID: 'dash', AUTH_ADMIN_PASSWORD: 'a long admin password' })).toMatchObject({
      sessionTtlSeconds: 1800,
      oidcClientId: 'dash',
      adminPassword: 'a long admin password',
    });
  });

  it('refuses at boot: bad spans, a session longer than AUTH_MAX_TOKEN_LIFETIME, a weak admin password, bad limits', () => {
    expect(problems({ AUTH_SESSION_TTL: 'forever' })).toEqual(['AUTH_SESSION_TTL must be a span such as 30m, 8h or 7d (at most 30 days)']);
    expect(problems({ AUTH_SESSION_TTL: '2d' })).toEqual(['AUTH_SESSION_TTL must not exceed AUTH_MAX_TOKEN_LIFETIME (default 24h)']);
    expect(identitySettingsFromEnv({ AUTH_SESSION_TTL: '2d', AUTH_MAX_TOKEN_LIFETIME: '7d' }).sessionTtlSeconds).toBe(2 * 86_400);
    expect(problems({ AUTH_SESSION_TTL: '12h', AUTH_MAX_TOKEN_LIFETIME: '1h', AUTH_INTEGRATION_TOKEN_TTL: '10m' })).toEqual([
      'AUTH_SESSION_TTL must not exceed AUTH_MAX_TOKEN_LIFETIME (default 24h)',
    ]);
    expect(problems({ AUTH_ADMIN_PASSWORD: 'short', AUTH_SIGN_IN_ATTEMPTS: '0', AUTH_ADMIN_USERNAME: 'a b' })).toEqual([
      'AUTH_ADMIN_USERNAME must be 3 to 64 letters, digits, ".", "_", "-" or "@"',
      'AUTH_ADMIN_PASSWORD must be at least 12 characters',
      'AUTH_SIGN_IN_ATTEMPTS must be a whole number from 1 to 1000000',
    ]);
    expect(problems({ AUTH_ADMIN_PASSWORD: 'Administrator', AUTH_ADMIN_USERNAME: 'administrator' })).toEqual(['AUTH_ADMIN_PASSWORD must not be the username']);
  });

  it('reads spans and checks passwords', () => {
    expect([
      parseSpanSeconds('90'),
      parseSpanSeconds('15m'),
      parseSpanSeconds('8h'),
      parseSpanSeconds('7d'),
      parseSpanSeconds('0s'),
      parseSpanSeconds('1w'),
    ]).toEqual([90, 900, 28800, 604800, undefined, undefined]);
    expect(passwordProblems('correct horse battery', 'li.wei')).toEqual([]);
    expect(passwordProblems('eleven char', 'li.wei')).toEqual(['must be at least 12 characters']);
    expect(passwordProblems(' Zhao.Lei.1234 ', 'zhao.lei.1234')).toEqual(['must not be the username']);
    // Characters, not UTF-16 units: 12 CJK characters are 12.
    expect(passwordProblems('密码密码密码密码密码密码', 'li.wei')).toEqual([]);
  });
});

describe('AttemptLimiter', () => {
  it('refuses a key after its limit of failures until the window ends, and forgets a reset key', () => {
    let now = 1_000_000;
    const limiter = new AttemptLimiter(60, () => now);
    const keys: [string, number][] = [
      ['user:a', 3],
      ['ip:1', 5],
    ];
    for (let i = 0; i < 3; i += 1) {
      expect(limiter.retryAfter(keys)).toBeUndefined();
      limiter.failed(['user:a', 'ip:1']);
    }
    expect(limiter.retryAfter(keys)).toBe(60);
    now += 45_500;
    expect(limiter.retryAfter(keys)).toBe(15);
    expect(
      limiter.retryAfter([
        ['user:b', 3],
        ['ip:1', 5],
      ]),
    ).toBeUndefined();
    now += 15_000;
    expect(limiter.retryAfter(keys)).toBeUndefined();
    limiter.failed(['user:a']);
    limiter.failed(['user:a']);
    limiter.failed(['user:a']);
    expect(limiter.retryAfter(keys)).toBe(60);
    limiter.reset('user:a');
    expect(limiter.retryAfter(keys)).toBeUndefined();
  });
});
