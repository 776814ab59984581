import { base64url, SignJWT, UnsecuredJWT } from 'jose';
import { AuthenticationError, AuthUnavailableError } from './auth.errors';
import { authSettingsFrom, DEV_ISSUER, DEV_JWT_SECRET } from './auth.settings';
import { signDevToken } from './dev-token';
import { JwtVerifier } from './jwt-verifier';
import { startTestJwks, TestJwks, tokenFor } from './testing';

const devVerifier = new JwtVerifier(authSettingsFrom({ AUTH_AUDIENCE: 'dealer-kpi' }));

async function refusal(verifier: JwtVerifier, token: string): Promise<string> {
  const error = await verifier.verifyToken(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthenticationError);
  return (error as Error).message;
}

describe('JwtVerifier with the shared secret (HS256)', () => {
  it('accepts a valid dev token and gives its principal', async () => {
    const token = await tokenFor('branch-manager', { branches: ['SH-01', 'SH-02'], subject: 'u-17' });
    await expect(devVerifier.verifyAuthorization(`Bearer ${token}`)).resolves.toEqual({
      kind: 'user',
      contexts: [],
      subject: 'u-17',
      role: 'branch-manager',
      regions: [],
      branches: ['SH-01', 'SH-02'],
    });
    await expect(devVerifier.verifyAuthorization(`bearer  ${token}`)).resolves.toMatchObject({ role: 'branch-manager' });
  });

  it('accepts tokens signed with the configured AUTH_JWT_SECRET, and no longer the dev secret', async () => {
    const secret = 'a-production-secret-of-at-least-32-chars';
    const verifier = new JwtVerifier(authSettingsFrom({ AUTH_JWT_SECRET: secret, AUTH_AUDIENCE: 'dealer-kpi' }));
    await expect(verifier.verifyToken(await tokenFor('head-office', {}, { secret }))).resolves.toMatchObject({ role: 'head-office' });
    expect(await refusal(verifier, await tokenFor('head-office'))).toBe('token signature invalid');
  });

  it('refuses a missing or malformed Authorization header', async () => {
    await expect(devVerifier.verifyAuthorization(undefined)).rejects.toThrow('missing bearer token');
    await expect(devVerifier.verifyAuthorization('')).rejects.toThrow('missing bearer token');
    await expect(devVerifier.verifyAuthorization('Basic dXNlcjpwYXNz')).rejects.toThrow('malformed Authorization header');
    await expect(devVerifier.verifyAuthorization('Bearer')).rejects.toThrow('malformed Authorization header');
    await expect(devVerifier.verifyAuthorization('Bearer a b')).rejects.toThrow('malformed Authorization header');
    expect(await refusal(devVerifier, 'not-a-jwt')).toMatch(/^malformed token/);
    expect(await refusal(devVerifier, 'x'.repeat(9000))).toBe('token too long');
  });

  it('refuses a token living longer than AUTH_MAX_TOKEN_LIFETIME (24h by default): exp in 9999 was accepted', async () => {
    const key = new TextEncoder().encode(DEV_JWT_SECRET);
    const now = Math.floor(Date.now() / 1000);
    const token = (claims: { iat?: number; exp: number }) => {
      const jwt = new SignJWT({ role: 'head-office' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer(DEV_ISSUER)
        .setAudience('dealer-kpi')
        .setSubject('x')
        .setExpirationTime(claims.exp);
      return (claims.iat === undefined ? jwt : jwt.setIssuedAt(claims.iat)).sign(key);
    };
    const tooLong = 'token lifetime exceeds the maximum of 1d (AUTH_MAX_TOKEN_LIFETIME)';
    expect(await refusal(devVerifier, await token({ iat: now, exp: Date.UTC(9999, 11, 31) / 1000 }))).toBe(tooLong);
    expect(await refusal(devVerifier, await token({ exp: Date.UTC(9999, 11, 31) / 1000 }))).toBe(tooLong);
    expect(await refusal(devVerifier, await token({ iat: now - 3600, exp: now + 24 * 3600 }))).toBe(tooLong);
    expect(await refusal(devVerifier, await token({ exp: now + 25 * 3600 }))).toBe(tooLong);
    // An iat in the future cannot stretch a token: refused as such.
    expect(await refusal(devVerifier, await token({ iat: now + 48 * 3600, exp: now + 49 * 3600 }))).toBe('token issued in the future (iat)');
    await expect(devVerifier.verifyToken(await token({ iat: now, exp: now + 24 * 3600 }))).resolves.toMatchObject({ role: 'head-office' });
    await expect(devVerifier.verifyToken(await token({ exp: now + 23 * 3600 }))).resolves.toMatchObject({ role: 'head-office' });
    await expect(devVerifier.verifyToken(await tokenFor('head-office', {}, { expiresIn: '12h' }))).resolves.toMatchObject({ role: 'head-office' });
    const short = new JwtVerifier(authSettingsFrom({ AUTH_AUDIENCE: 'dealer-kpi', AUTH_MAX_TOKEN_LIFETIME: '1h' }));
    expect(await refusal(short, await tokenFor('head-office', {}, { expiresIn: '2h' }))).toBe(
      'token lifetime exceeds the maximum of 1h (AUTH_MAX_TOKEN_LIFETIME)',
    );
    await expect(short.verifyToken(await tokenFor('head-office', {}, { expiresIn: '1h' }))).resolves.toMatchObject({ role: 'head-office' });
  });

  it('refuses an expired token', async () => {
    expect(await refusal(devVerifier, await tokenFor('head-office', {}, { expiresIn: '-1h' }))).toBe('token expired');
  });

  it('refuses a forged signature: another secret, or a payload changed after signing', async () => {
    const other = await tokenFor('head-office', {}, { secret: 'somebody-elses-secret-of-32-characters!' });
    expect(await refusal(devVerifier, other)).toBe('token signature invalid');
    const [header, , signature] = (await tokenFor('branch-manager', { branches: ['SH-01'] })).split('.');
    const escalated = base64url.encode(JSON.stringify({ role: 'head-office', sub: 'x', iss: DEV_ISSUER, aud: 'dealer-kpi', exp: 4102444800 }));
    expect(await refusal(devVerifier, `${header}.${escalated}.${signature}`)).toBe('token signature invalid');
  });

  it("checks a token's signature once a minute at most, never past its expiry, and a changed token again", async () => {
    const verifier = new JwtVerifier(authSettingsFrom({ AUTH_AUDIENCE: 'dealer-kpi' }));
    const token = await tokenFor('branch-manager', { branches: ['SH-01'], subject: 'u-9' }, { expiresIn: '90s' });
    const first = await verifier.verifyToken(token);
    // The same principal, not a new one from a second verification.
    await expect(verifier.verifyToken(token)).resolves.toBe(first);
    // The signature still decides for any other string: one character changed is verified, and refused.
    const [header, payload, signature = ''] = token.split('.');
    const tampered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await refusal(verifier, tampered)).toBe('token signature invalid');

    const now = Date.now();
    jest.useFakeTimers({ now, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    try {
      // After a minute it is verified again (and still valid); past exp + the clock tolerance it is refused.
      jest.setSystemTime(now + 61_000);
      const again = await verifier.verifyToken(token);
      expect(again).toEqual(first);
      expect(again).not.toBe(first);
      jest.setSystemTime(now + 90_000 + 31_000);
      expect(await refusal(verifier, token)).toBe('token expired');
    } finally {
      jest.useRealTimers();
    }
  });

  it('refuses an unsigned token (alg: none), with or without a signature part', async () => {
    const unsigned = new UnsecuredJWT({ role: 'head-office' }).setSubject('x').setIssuer(DEV_ISSUER).setAudience('dealer-kpi').setExpirationTime('1h').encode();
    expect(await refusal(devVerifier, unsigned)).toBe('token algorithm not accepted');
    const [header, payload] = unsigned.split('.');
    const withSignature = `${header}.${payload}.${(await tokenFor('head-office')).split('.')[2]}`;
    expect(await refusal(devVerifier, withSignature)).toBe('token algorithm not accepted');
  });

  it('refuses a token of another issuer or audience', async () => {
    expect(await refusal(devVerifier, await tokenFor('head-office', {}, { issuer: 'someone-else' }))).toBe('token not accepted: unexpected "iss" claim value');
    expect(await refusal(devVerifier, await tokenFor('head-office', {}, { audience: 'other-app' }))).toBe('token not accepted: unexpected "aud" claim value');
  });

  it('refuses a token without expiry or subject, with an unknown role, or a manager without scope', async () => {
    const key = new TextEncoder().encode(DEV_JWT_SECRET);
    const base = () => new SignJWT({ role: 'head-office' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEV_ISSUER).setAudience('dealer-kpi');
    expect(await refusal(devVerifier, await base().setSubject('x').sign(key))).toBe('token not accepted: missing required "exp" claim');
    expect(await refusal(devVerifier, await base().setExpirationTime('1h').sign(key))).toBe('token not accepted: missing required "sub" claim');
    const claims = (c: Record<string, unknown>) =>
      new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEV_ISSUER).setAudience('dealer-kpi').setSubject('x').setExpirationTime('1h').sign(key);
    expect(await refusal(devVerifier, await claims({ role: 'admin' }))).toMatch(/^token role must be one of/);
    expect(await refusal(devVerifier, await claims({}))).toMatch(/^token role must be one of/);
    expect(await refusal(devVerifier, await claims({ role: 'region-manager' }))).toMatch(/must name its regions/);
    expect(await refusal(devVerifier, await claims({ role: 'region-manager', regions: [] }))).toMatch(/must name its regions/);
    expect(await refusal(devVerifier, await claims({ role: 'branch-manager', regions: ['EAST'] }))).toMatch(/must name its branches/);
    expect(await refusal(devVerifier, await claims({ role: 'analyst', branches: 'SH-01' }))).toMatch(/claim branches must be a list/);
    expect(await refusal(devVerifier, await claims({ role: 'analyst', regions: [42] }))).toMatch(/claim regions must be a list/);
  });

  it('reads the new roles: branch staff need branches, an integration its contexts and an integration: subject', async () => {
    await expect(devVerifier.verifyToken(await tokenFor('service-staff', { branches: ['SH-01'] }))).resolves.toMatchObject({
      kind: 'user',
      role: 'service-staff',
      branches: ['SH-01'],
    });
    await expect(devVerifier.verifyToken(await tokenFor('parts-staff'))).rejects.toThrow('a parts-staff token must name its branches');
    await expect(
      devVerifier.verifyToken(await tokenFor('integration', { branches: ['SH-01'], contexts: ['workshop', 'parts'], subject: 'integration:dms-1' })),
    ).resolves.toEqual({
      kind: 'integration',
      subject: 'integration:dms-1',
      role: 'integration',
      regions: [],
      branches: ['SH-01'],
      contexts: ['workshop', 'parts'],
    });
    await expect(devVerifier.verifyToken(await tokenFor('integration', { branches: ['SH-01'] }))).rejects.toThrow('must name the contexts');
    await expect(devVerifier.verifyToken(await tokenFor('integration', { branches: ['SH-01'], contexts: ['org'] }))).rejects.toThrow(
      'claim contexts may only name sales, workshop, parts',
    );
    await expect(devVerifier.verifyToken(await tokenFor('integration', { branches: ['SH-01'], contexts: ['sales'], subject: 'dms-1' }))).rejects.toThrow(
      'integration tokens, and only they',
    );
    await expect(devVerifier.verifyToken(await tokenFor('head-office', { subject: 'integration:x' }))).rejects.toThrow('integration tokens, and only they');
  });

  it('gives analysts and head office their claims as given', async () => {
    await expect(devVerifier.verifyToken(await tokenFor('analyst'))).resolves.toEqual({
      kind: 'user',
      contexts: [],
      subject: 'dev-analyst',
      role: 'analyst',
      regions: [],
      branches: [],
    });
    await expect(devVerifier.verifyToken(await signDevToken({ role: 'region-manager', regions: ['EAST', 'EAST', 'NORTH'] }))).resolves.toEqual({
      kind: 'user',
      contexts: [],
      subject: 'dev-region-manager',
      role: 'region-manager',
      regions: ['EAST', 'NORTH'],
      branches: [],
    });
  });
});

describe('JwtVerifier: the employee link (claim employee_id)', () => {
  const key = new TextEncoder().encode(DEV_JWT_SECRET);
  const claims = (c: Record<string, unknown>, subject = '0b4f6c1e-8d2a-4e57-9c3b-5a1d7e9f2c01') =>
    new SignJWT(c).setProtectedHeader({ alg: 'HS256' }).setIssuer(DEV_ISSUER).setAudience('dealer-kpi').setSubject(subject).setExpirationTime('1h').sign(key);

  it("gives a linked user's employee id beside the subject (the user account)", async () => {
    await expect(devVerifier.verifyToken(await tokenFor('sales-staff', { branches: ['SH-01'], subject: 'u-9', employeeId: 'E-1001' }))).resolves.toEqual({
      kind: 'user',
      contexts: [],
      subject: 'u-9',
      role: 'sales-staff',
      regions: [],
      branches: ['SH-01'],
      employeeId: 'E-1001',
    });
    await expect(devVerifier.verifyToken(await claims({ role: 'branch-manager', branches: ['SH-01'], employee_id: 'emp.7_a-B' }))).resolves.toMatchObject({
      employeeId: 'emp.7_a-B',
    });
  });

  it('has no employee id without the claim, or with a null one; the subject is never taken for it', async () => {
    const unlinked = await devVerifier.verifyToken(await tokenFor('sales-staff', { branches: ['SH-01'], subject: 'E-1001' }));
    expect(unlinked).not.toHaveProperty('employeeId');
    const nulled = await devVerifier.verifyToken(await claims({ role: 'sales-staff', branches: ['SH-01'], employee_id: null }));
    expect(nulled).not.toHaveProperty('employeeId');
  });

  it('refuses a malformed employee_id, and one in an integration token', async () => {
    for (const bad of ['', 'E 1001', 'E/1001', 'x'.repeat(65), 42, ['E-1'], { id: 'E-1' }, true]) {
      expect(await refusal(devVerifier, await claims({ role: 'sales-staff', branches: ['SH-01'], employee_id: bad }))).toBe(
        'claim employee_id must be an employee id (1 to 64 letters, digits, ".", "_" or "-")',
      );
    }
    expect(
      await refusal(devVerifier, await claims({ role: 'integration', branches: ['SH-01'], contexts: ['sales'], employee_id: 'E-1' }, 'integration:dms-1')),
    ).toBe('an integration token cannot carry claim employee_id');
  });
});

describe('JwtVerifier with an OIDC provider (JWKS over loopback HTTP)', () => {
  let idp: TestJwks;
  let verifier: JwtVerifier;

  beforeAll(async () => {
    idp = await startTestJwks();
    verifier = new JwtVerifier(authSettingsFrom({ AUTH_OIDC_ISSUER: idp.issuer, AUTH_JWKS_URL: idp.url, AUTH_AUDIENCE: idp.audience }));
  });

  afterAll(async () => {
    await idp.close();
  });

  it('accepts RS256 and ES256 tokens signed by the key set, fetching it once', async () => {
    const rs = await idp.sign({ sub: 'alice', role: 'region-manager', regions: ['EAST'] });
    await expect(verifier.verifyAuthorization(`Bearer ${rs}`)).resolves.toEqual({
      kind: 'user',
      contexts: [],
      subject: 'alice',
      role: 'region-manager',
      regions: ['EAST'],
      branches: [],
    });
    const es = await idp.sign({ sub: 'bob', role: 'head-office' }, { alg: 'ES256' });
    await expect(verifier.verifyToken(es)).resolves.toMatchObject({ subject: 'bob', role: 'head-office' });
    expect(idp.fetches()).toBe(1);
  });

  it('refuses a forged signature, an expired token, a wrong issuer or audience', async () => {
    expect(await refusal(verifier, await idp.forge({ sub: 'mallory', role: 'head-office' }))).toBe('token signature invalid');
    expect(await refusal(verifier, await idp.forge({ sub: 'mallory', role: 'head-office' }, 'ES256'))).toBe('token signature invalid');
    expect(await refusal(verifier, await idp.sign({ sub: 'a', role: 'head-office' }, { expiresIn: '-5m' }))).toBe('token expired');
    expect(await refusal(verifier, await idp.sign({ sub: 'a', role: 'head-office' }, { issuer: 'https://evil.test' }))).toBe(
      'token not accepted: unexpected "iss" claim value',
    );
    expect(await refusal(verifier, await idp.sign({ sub: 'a', role: 'head-office' }, { audience: 'other-app' }))).toBe(
      'token not accepted: unexpected "aud" claim value',
    );
  });

  it('refuses HS256 tokens (the dev secret) and unsigned tokens when an OIDC issuer is configured', async () => {
    expect(await refusal(verifier, await tokenFor('head-office', {}, { issuer: idp.issuer, audience: idp.audience }))).toBe('token algorithm not accepted');
    const unsigned = new UnsecuredJWT({ role: 'head-office' }).setSubject('x').setIssuer(idp.issuer).setAudience(idp.audience).setExpirationTime('1h').encode();
    expect(await refusal(verifier, unsigned)).toBe('token algorithm not accepted');
  });

  it('answers "unavailable" (not "unauthenticated") when the key set cannot be fetched', async () => {
    const closed = await startTestJwks();
    await closed.close();
    const offline = new JwtVerifier(authSettingsFrom({ AUTH_OIDC_ISSUER: closed.issuer, AUTH_JWKS_URL: closed.url, AUTH_AUDIENCE: closed.audience }));
    await expect(offline.verifyToken(await closed.sign({ sub: 'a', role: 'head-office' }))).rejects.toBeInstanceOf(AuthUnavailableError);
  });
});
