/**
 * The Nest pieces together: AuthModule (settings from the environment, or overridden), the guard,
 * @CurrentPrincipal(), and the error bodies of configureHttpApp.
 */
import { ClickHouseModule } from '@app/clickhouse';
import { configureHttpApp } from '@app/platform-kit';
import { useTestClickHouse } from '@app/testing';
import { Controller, Get, INestApplication, Logger, Module, UseGuards } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Server } from 'node:http';
import request from 'supertest';
import { AUTH_SETTINGS, AuthModule } from './auth.module';
import { authSettingsFrom, DEV_JWT_SECRET } from './auth.settings';
import { CurrentPrincipal } from './current-principal.decorator';
import { JwtAuthGuard } from './jwt-auth.guard';
import type { Principal } from './principal';
import { startTestJwks, TestJwks, tokenFor } from './testing';

@UseGuards(JwtAuthGuard)
@Controller('whoami')
class WhoAmIController {
  @Get()
  whoAmI(@CurrentPrincipal() principal: Principal): Principal {
    return principal;
  }
}

@Module({ imports: [AuthModule], controllers: [WhoAmIController] })
class WhoAmIModule {}

async function start(settings?: ReturnType<typeof authSettingsFrom>): Promise<INestApplication> {
  let builder = Test.createTestingModule({ imports: [ClickHouseModule.forRoot(), WhoAmIModule] });
  if (settings) builder = builder.overrideProvider(AUTH_SETTINGS).useValue(settings);
  const app = (await builder.compile()).createNestApplication({ logger: ['error'] });
  configureHttpApp(app, { title: 'test' });
  await app.init();
  return app;
}

describe('JwtAuthGuard in an app', () => {
  beforeAll(() => {
    useTestClickHouse();
  });

  it('warns at boot that the development secret is in use, without logging it, and admits dev tokens', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn');
    const app = await start();
    try {
      const warnings = warn.mock.calls.map((call) => String(call[0]));
      expect(warnings.some((w) => w.includes('public development secret'))).toBe(true);
      expect(warnings.join('\n')).not.toContain(DEV_JWT_SECRET);
      const token = await tokenFor('region-manager', { regions: ['EAST'], subject: 'rm-1' });
      await request(app.getHttpServer() as Server)
        .get('/whoami')
        .set('authorization', `Bearer ${token}`)
        .expect(200, { kind: 'user', contexts: [], subject: 'rm-1', role: 'region-manager', regions: ['EAST'], branches: [] });
    } finally {
      warn.mockRestore();
      await app.close();
    }
  });

  describe('with an OIDC provider', () => {
    let idp: TestJwks;
    let app: INestApplication;
    const http = () => request(app.getHttpServer() as Server);

    beforeAll(async () => {
      idp = await startTestJwks();
      app = await start(authSettingsFrom({ AUTH_OIDC_ISSUER: idp.issuer, AUTH_JWKS_URL: idp.url, AUTH_AUDIENCE: idp.audience }));
    });

    afterAll(async () => {
      await app?.close();
      await idp?.close();
    });

    it("admits the provider's tokens and refuses dev tokens", async () => {
      const token = await idp.sign({ sub: 'bm-1', role: 'branch-manager', branches: ['SH-01'] }, { alg: 'ES256' });
      await http()
        .get('/whoami')
        .set('authorization', `Bearer ${token}`)
        .expect(200, { kind: 'user', contexts: [], subject: 'bm-1', role: 'branch-manager', regions: [], branches: ['SH-01'] });
      const dev = await tokenFor('head-office', {}, { issuer: idp.issuer, audience: idp.audience });
      const refused = await http().get('/whoami').set('authorization', `Bearer ${dev}`).expect(401);
      expect(refused.body).toEqual({ statusCode: 401, code: 'UNAUTHENTICATED', message: 'token algorithm not accepted' });
    });

    it('answers 503 AUTH_UNAVAILABLE when the key set cannot be fetched', async () => {
      const gone = await startTestJwks();
      await gone.close();
      const offline = await start(authSettingsFrom({ AUTH_OIDC_ISSUER: gone.issuer, AUTH_JWKS_URL: gone.url, AUTH_AUDIENCE: gone.audience }));
      try {
        const token = await gone.sign({ sub: 'a', role: 'head-office' });
        const response = await request(offline.getHttpServer() as Server)
          .get('/whoami')
          .set('authorization', `Bearer ${token}`)
          .expect(503);
        expect(response.body).toMatchObject({ statusCode: 503, code: 'AUTH_UNAVAILABLE' });
      } finally {
        await offline.close();
      }
    });
  });
});
