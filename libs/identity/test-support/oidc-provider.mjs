// A real OpenID provider (panva's certified `oidc-provider`, ES modules only) for the OIDC test,
// in a process of its own on loopback: node libs/identity/test-support/oidc-provider.mjs
// Environment: PORT (0 = any), AUDIENCE (the resource server's `aud`), CLIENTS (JSON: client id →
// {secret, claims}); the claims (role, branches, regions) go into that client's access tokens.
// One fresh RS256 key per process: restarting on the same port is a key change.
// Prints `listening <issuer>` once it answers.
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const audience = process.env.AUDIENCE ?? 'dealer-kpi';
const clients = JSON.parse(process.env.CLIENTS ?? '{}');
const resource = 'urn:dealer-kpi:api';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), alg: 'RS256', use: 'sig' };

const server = createServer();
await new Promise((resolve) => server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: Object.entries(clients).map(([clientId, client]) => ({
    client_id: clientId,
    client_secret: client.secret,
    grant_types: ['client_credentials'],
    response_types: [],
    redirect_uris: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  jwks: { keys: [jwk] },
  scopes: ['openid', 'kpi'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
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
  // The platform's claims, mapped per client: what a real provider maps from its directory.
  extraTokenClaims: (_ctx, token) => clients[token.clientId]?.claims,
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`server_error ${error.message}\n`));

server.on('request', provider.callback());
process.stdout.write(`listening ${issuer}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
