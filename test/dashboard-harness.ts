/**
 * What the dashboard's browser tests share: the platform over real Postgres, the Kafka broker and
 * embedded ClickHouse, listening on a free port; Debian's Chromium (driven by playwright-core, no
 * browser download); money with 13 % VAT; the dashboard's sign-in form.
 */
import { bearerFor } from '@app/auth';
import { repoRoot } from '@app/infra';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { existsSync, mkdirSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import { Page } from 'playwright-core';
import request from 'supertest';
import { PlatformModule } from '../apps/platform/src/platform.module';

/** Debian's browser: the real binary behind the /usr/bin/chromium wrapper script. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: apt-get install -y chromium (.ci/run does)`);
  return found;
}

/** Net with 13 % VAT in the currency given: tax and gross in exact cents. */
export function vatMoney(currency: string, net: string): { currency: string; net: string; tax: string; gross: string } {
  const cents = BigInt(net.replace('.', ''));
  const tax = (cents * 13n) / 100n;
  const text = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
  return { currency, net, tax: text(tax), gross: text(cents + tax) };
}

/** The month `offset` months from now's (UTC), `YYYY-MM`. */
export function monthFromNow(offset: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

export interface DashboardPlatform {
  readonly db: TestDatabase;
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Screenshots go here (test-artifacts/). */
  readonly artifacts: string;
  readonly http: () => ReturnType<typeof request>;
  /** Head office's writes (a development token: the seed is a script, not a person). */
  readonly post: (path: string) => request.Test;
  close(): Promise<void>;
}

/** The whole platform on a database of its own (`name`) and its own Kafka topics. */
export async function startDashboardPlatform(name: string, topicPrefix: string): Promise<DashboardPlatform> {
  const artifacts = join(repoRoot(), 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  const db = await createTestDatabase(name);
  useTestClickHouse();
  const config = loadPlatformConfig({ ...process.env, KAFKA_TOPIC_PREFIX: `${uniqueId(topicPrefix)}.` });
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformModule.forRoot({ config, databaseUrl: db.url, kafkaBrokers: process.env.KAFKA_BROKERS ?? '' })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
  configureHttpApp(app, { title: `${name} test` });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const http = () => request(app.getHttpServer() as Server);
  const headOffice = bearerFor('head-office', { subject: 'ho-seed' });
  return {
    db,
    app,
    baseUrl,
    artifacts,
    http,
    post: (path) => http().post(path).set(headOffice),
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** Fills the dashboard's sign-in form and sends it (the page must show it). */
export async function signInWithForm(page: Page, username: string, password: string): Promise<void> {
  await page.locator('[data-testid="sign-in-form"]').waitFor();
  await page.locator('[data-testid="username"]').fill(username);
  await page.locator('[data-testid="password"]').fill(password);
  await page.locator('[data-testid="sign-in-submit"]').click();
}
