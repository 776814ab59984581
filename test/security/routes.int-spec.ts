import { PUBLIC_ROUTES, PUBLIC_SIGN_IN_ROUTES } from '@app/auth';
import { createKafka, ensureTopics, kafkaSettingsFromEnv } from '@app/messaging';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { PlatformModule } from '../../apps/platform/src/platform.module';
import { freePort, TestChild, waitHealthy } from '../reliability/support/child-process';

/**
 * Protected by default: every route of every app answers 401 without a token, except the routes
 * on the explicit public list (libs/auth/src/public-routes.ts). The one-process platform's routes
 * are read from its router (every route Nest or Swagger registered); each distributed service is
 * started as docker compose starts it and its routes are read from its OpenAPI document. A new
 * controller that is neither behind the gate nor on the list fails this test.
 */
const PUBLIC = new Set([...PUBLIC_ROUTES, ...PUBLIC_SIGN_IN_ROUTES]);

interface Route {
  readonly method: string;
  /** Template, `/api/v1/org/branches/:branchId/closure`. */
  readonly path: string;
}

const key = (route: Route): string => `${route.method} ${route.path}`;
const filled = (path: string): string => path.replace(/:[A-Za-z]\w*/g, 'x1').replace(/\{[A-Za-z]\w*\}/g, 'x1');

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route of an express app (Nest's controllers, Swagger's document and UI routes). */
function routesOf(app: INestApplication): Route[] {
  const express = app.getHttpAdapter().getInstance() as { router?: { stack: RouterLayer[] }; _router?: { stack: RouterLayer[] } };
  const stack = (express.router ?? express._router)?.stack ?? [];
  const routes: Route[] = [];
  for (const layer of stack) {
    if (!layer.route) continue;
    const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
    for (const path of paths) {
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && method !== '_all') routes.push({ method: method.toUpperCase(), path: path === '' ? '/' : path.replace(/\/$/, '') || '/' });
      }
    }
  }
  return [...new Map(routes.map((r) => [key(r), r])).values()];
}

/** Every operation of an OpenAPI document, as routes (`{id}` → `:id`). */
function routesOfDocument(document: { paths: Record<string, Record<string, unknown>> }): Route[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations)
      .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
      .map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{([A-Za-z]\w*)\}/g, ':$1') })),
  );
}

async function statusWithoutToken(baseUrl: string, route: Route): Promise<number> {
  const response = await fetch(`${baseUrl}${filled(route.path)}`, {
    method: route.method,
    headers: route.method === 'GET' ? {} : { 'content-type': 'application/json' },
    ...(route.method === 'GET' ? {} : { body: '{}' }),
    redirect: 'manual',
  });
  await response.arrayBuffer();
  return response.status;
}

/** Routes that answer something else than 401 without a token. */
async function openRoutes(baseUrl: string, routes: readonly Route[]): Promise<string[]> {
  const open: string[] = [];
  for (const route of routes) {
    const status = await statusWithoutToken(baseUrl, route);
    if (status !== 401) open.push(`${key(route)} → ${status}`);
  }
  return open;
}

describe('security: every route of every app needs a token unless it is on the public list', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase('routes');
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('the one-process platform: every route but the listed public ones answers 401 without a token', async () => {
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: db.url })] }).compile();
    const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'routes' });
    await app.listen(0, '127.0.0.1');
    try {
      const port = ((app.getHttpServer() as Server).address() as { port: number }).port;
      const routes = routesOf(app);
      // The route tables are all there: 39 commands, 4 batches, the plan import and the reports.
      expect(routes.filter((r) => r.method === 'POST' && /^\/api\/v1\/(org|sales|workshop|parts)\//.test(r.path)).length).toBeGreaterThanOrEqual(44);
      const open = await openRoutes(`http://127.0.0.1:${port}`, routes);
      const unlisted = open.filter((line) => !PUBLIC.has(line.slice(0, line.indexOf(' → '))));
      expect(unlisted).toEqual([]);
      // The list names nothing the app does not have (a stale entry would hide a renamed route).
      const known = new Set(routes.map(key));
      expect([...PUBLIC].filter((entry) => !known.has(entry))).toEqual([]);
      // And what is listed is really open (a listed route behind the gate is a broken sign-in or health check).
      expect(routes.filter((r) => PUBLIC.has(key(r))).length).toBe(open.length);
      // A write without a token never reaches a handler: the answer is the gate's.
      const refused = await request(app.getHttpServer() as Server)
        .post('/api/v1/org/exchange-rates')
        .send({})
        .expect(401);
      expect(refused.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      expect(refused.headers['www-authenticate']).toMatch(/^Bearer realm="dealer-kpi"/);
    } finally {
      await app.close();
    }
  });

  it('each distributed service: every documented route but the public ones answers 401 without a token', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kpi-routes-'));
    const services = ['sales-service', 'workshop-service', 'parts-service', 'org-service', 'reporting-api', 'projector'];
    const started: { name: string; child: TestChild; url: string; log: string }[] = [];
    // The topics first, as a deployment does: services starting side by side then find them.
    const prefix = `${uniqueId('t')}.`;
    const settings = kafkaSettingsFromEnv({ ...process.env, KAFKA_TOPIC_PREFIX: prefix }, 'routes-test');
    await ensureTopics(createKafka(settings), settings);
    try {
      for (const name of services) {
        const port = await freePort();
        const log = join(dir, `${name}.log`);
        const env: NodeJS.ProcessEnv = {
          ...process.env,
          DATABASE_URL: db.url,
          KAFKA_BROKERS: process.env.KAFKA_BROKERS,
          KAFKA_TOPIC_PREFIX: prefix,
          CLICKHOUSE_DATA_DIR: join(dir, `clickhouse-${name}`),
          CLICKHOUSE_DATABASE: 'kpi',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
        };
        delete env.CLICKHOUSE_URL;
        started.push({ name, child: TestChild.start(`apps/${name}/src/main.ts`, { env, logFile: log }), url: `http://127.0.0.1:${port}`, log });
      }
      const findings: Record<string, string[]> = {};
      for (const service of started) {
        try {
          await waitHealthy(`${service.url}/health`, service.child, 180_000);
        } catch (error) {
          throw new Error(`${service.name} did not start: ${(error as Error).message}\n${readFileSync(service.log, 'utf8').slice(-3000)}`);
        }
        const document = (await (await fetch(`${service.url}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
        const routes = routesOfDocument(document);
        expect({ service: service.name, routes: routes.length > 0 }).toEqual({ service: service.name, routes: true });
        findings[service.name] = (await openRoutes(service.url, routes)).filter((line) => !PUBLIC.has(line.slice(0, line.indexOf(' → '))));
      }
      expect(findings).toEqual(Object.fromEntries(services.map((name) => [name, []])));
    } finally {
      await Promise.all(started.map((s) => s.child.stop(20_000)));
      rmSync(dir, { recursive: true, force: true });
    }
  }, 420_000);
});
