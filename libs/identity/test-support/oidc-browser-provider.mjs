// A real OpenID provider (panva's certified `oidc-provider`, ES modules only) for the dashboard's
// browser sign-in test, in a process of its own on loopback:
//   node libs/identity/test-support/oidc-browser-provider.mjs
// One public client (no secret, authorization code + PKCE S256 only) whose redirect URI is the
// dashboard's `/`, CORS on the token endpoint for that origin only, and the provider's development
// interactions (a login form that takes any login name, then a consent page) that a headless
// browser completes. Access tokens are RS256 JWTs for the resource server whose audience the
// platform checks, carrying the platform's claims (role, branches, regions) of the account.
// Environment: PORT (0 = any), AUDIENCE (the resource server's `aud`), CLIENT_ID, REDIRECT_URI,
// ACCOUNTS (JSON: login name → claims). Prints `listening <issuer>` once it answers.
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const audience = process.env.AUDIENCE ?? 'dealer-kpi';
const clientId = process.env.CLIENT_ID ?? 'kpi-dashboard';
const redirectUri = process.env.REDIRECT_URI;
const accounts = JSON.parse(process.env.ACCOUNTS ?? '{}');
const resource = 'urn:dealer-kpi:api';
if (!redirectUri) throw new Error('REDIRECT_URI (the dashboard address, ending in /) is required');

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;
const dashboardOrigin = new URL(redirectUri).origin;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
    },
  ],
  jwks: { keys: [jwk] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  scopes: ['openid', 'profile', 'kpi'],
  pkce: { required: () => true },
  // The dashboard calls the token endpoint from the browser: its origin, and no other.
  clientBasedCORS: (_ctx, origin, client) => client.clientId === clientId && origin === dashboardOrigin,
  findAccount: (_ctx, sub) => (accounts[sub] ? { accountId: sub, claims: () => ({ sub, name: accounts[sub].name ?? sub }) } : undefined),
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The dashboard sends no `resource`: its tokens are for the platform all the same.
      defaultResource: () => resource,
      useGrantedResource: () => true,
      getResourceServerInfo: () => ({
        scope: 'kpi',
        audience,
        accessTokenTTL: 600,
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      }),
    },
  },
  // The platform's claims of the account: what a real provider maps from its directory.
  extraTokenClaims: (_ctx, token) => {
    const { name: _name, ...claims } = accounts[token.accountId] ?? {};
    return claims;
  },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`server_error ${error.message}\n`));
for (const event of ['authorization.error', 'grant.error']) {
  provider.on(event, (_ctx, error) => process.stderr.write(`${event} ${error.message} ${error.error_description ?? ''}\n`));
}

server.on('request', provider.callback());
process.stdout.write(`listening ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
