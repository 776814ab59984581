/**
 * Helpers for tests of protected endpoints: tokens per role and scope, branch → region rows for
 * scope resolution, and a loopback OIDC key set. Tokens are signed with the development secret
 * (or AUTH_JWT_SECRET), which is what an app under test accepts in its default configuration.
 */
import type { ClickHouseClient } from '@app/clickhouse';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DEFAULT_AUDIENCE } from './auth.settings';
import { DevTokenOptions, signDevToken, signDevTokenSync } from './dev-token';
import type { Role } from './principal';

export interface TokenScope {
  readonly regions?: readonly string[];
  readonly branches?: readonly string[];
  /** For an integration: the contexts it writes. */
  readonly contexts?: readonly string[];
  readonly subject?: string;
  /** Claim `employee_id`: the employee the user account is linked to. */
  readonly employeeId?: string;
}

/** A valid token of `role` limited to `scope` (e.g. `tokenFor('branch-manager', { branches: ['SH-01'] })`). */
export function tokenFor(role: Role, scope: TokenScope = {}, options: DevTokenOptions = {}): Promise<string> {
  return signDevToken({ role, ...scope }, options);
}

/** `{ authorization: 'Bearer …' }` at once (no await), for supertest's `.set(…)` in request helpers. */
export function bearerFor(role: Role, scope: TokenScope = {}, options: DevTokenOptions = {}): { authorization: string } {
  return { authorization: `Bearer ${signDevTokenSync({ role, ...scope }, options)}` };
}

/** `{ authorization: 'Bearer …' }` for supertest's `.set(…)`. */
export async function authHeaderFor(role: Role, scope: TokenScope = {}, options: DevTokenOptions = {}): Promise<{ authorization: string }> {
  return { authorization: `Bearer ${await tokenFor(role, scope, options)}` };
}

export interface BranchRegionRow {
  readonly branchId: string;
  readonly regionId: string;
  /** Effective date `YYYY-MM-DD`; default 2020-01-01. */
  readonly validFrom?: string;
}

let position = BigInt(Date.now()) * 1000n;

/**
 * Writes branch → region assignments into `org_branch_region_assignments` (the table the org
 * projection fills; run the ClickHouse migrations first). Later calls win over earlier ones for
 * the same branch and date, as later events do.
 */
export async function assignBranchRegions(client: ClickHouseClient, rows: readonly BranchRegionRow[]): Promise<void> {
  await client.insert(
    'org_branch_region_assignments',
    rows.map((row) => ({
      branch_id: row.branchId,
      region_id: row.regionId,
      valid_from: row.validFrom ?? '2020-01-01',
      assigned_at: new Date(),
      event_id: randomUUID(),
      global_position: String((position += 1n)),
    })),
  );
}

export type OidcAlgorithm = 'RS256' | 'ES256';

export interface TestJwks {
  /** URL of the served key set (`AUTH_JWKS_URL`). */
  readonly url: string;
  readonly issuer: string;
  readonly audience: string;
  /** How many times the key set was fetched. */
  readonly fetches: () => number;
  /** A token signed by the provider's key for `alg` (kid set), with `iss`/`aud` defaulting to the provider's. */
  sign(claims: Record<string, unknown>, options?: { alg?: OidcAlgorithm; issuer?: string; audience?: string; expiresIn?: string }): Promise<string>;
  /** A token with the kid of a served key, signed by another key of the same type: a forgery. */
  forge(claims: Record<string, unknown>, alg?: OidcAlgorithm): Promise<string>;
  close(): Promise<void>;
}

/** An OIDC provider's key set (one RS256 and one ES256 key) served over loopback HTTP. */
export async function startTestJwks(issuer = 'https://idp.test/realms/dealer', audience = DEFAULT_AUDIENCE): Promise<TestJwks> {
  const algs: OidcAlgorithm[] = ['RS256', 'ES256'];
  const pairs = await Promise.all(algs.map((alg) => generateKeyPair(alg, { extractable: true })));
  const strangers = await Promise.all(algs.map((alg) => generateKeyPair(alg)));
  const keys: JWK[] = await Promise.all(
    pairs.map(async (pair, i) => ({ ...(await exportJWK(pair.publicKey)), kid: `test-${algs[i]}`, alg: algs[i], use: 'sig' })),
  );
  const body = JSON.stringify({ keys });
  let fetches = 0;
  const server = createServer((request, response) => {
    fetches += 1;
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const signWith = (key: CryptoKey, alg: OidcAlgorithm, claims: Record<string, unknown>, iss: string, aud: string, expiresIn: string) =>
    new SignJWT(claims)
      .setProtectedHeader({ alg, kid: `test-${alg}`, typ: 'JWT' })
      .setIssuer(iss)
      .setAudience(aud)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key);

  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    issuer,
    audience,
    fetches: () => fetches,
    sign: (claims, options = {}) => {
      const alg = options.alg ?? 'RS256';
      return signWith(pairs[algs.indexOf(alg)]!.privateKey, alg, claims, options.issuer ?? issuer, options.audience ?? audience, options.expiresIn ?? '1h');
    },
    forge: (claims, alg = 'RS256') => signWith(strangers[algs.indexOf(alg)]!.privateKey, alg, claims, issuer, audience, '1h'),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}
