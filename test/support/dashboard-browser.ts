/**
 * What the dashboard's browser tests share: Debian's Chromium, the platform over a test database
 * with embedded ClickHouse listening on a free port, the seed of a small dealer group written
 * through the real commands, and the dashboard's sign-in form.
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
import { Browser, chromium, Page } from 'playwright-core';
import request from 'supertest';
import { PlatformModule } from '../../apps/platform/src/platform.module';

/** Debian's browser: the real binary behind the /usr/bin/chromium wrapper script. */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: apt-get install -y chromium (.ci/run does)`);
  return found;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** Net with 13 % VAT in the currency given: tax and gross in exact cents. */
export function vatMoney(currency: string, net: string): { currency: string; net: string; tax: string; gross: string } {
  const cents = BigInt(net.replace('.', ''));
  const tax = (cents * 13n) / 100n;
  const text = (c: bigint) => `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`;
  return { currency, net, tax: text(tax), gross: text(cents + tax) };
}

/** {@link vatMoney} in CNY. */
export const cny = (net: string) => vatMoney('CNY', net);

/** `YYYY-MM` of the month `offset` months from now's. */
export function month(offset: number, now = new Date()): string {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + offset, 1)).toISOString().slice(0, 7);
}

export interface TestPlatform {
  readonly db: TestDatabase;
  readonly app: INestApplication;
  readonly baseUrl: string;
  /** Screenshots go here (test-artifacts/, created). */
  readonly artifacts: string;
  readonly http: () => ReturnType<typeof request>;
  /** A POST as head office (a development token: the seed is a script, not a person). */
  readonly post: (path: string) => request.Test;
  close(): Promise<void>;
}

/** The platform over its own test database, embedded ClickHouse and Kafka topics (`topicPrefix`), listening on 127.0.0.1. */
export async function startPlatform(name: string, topicPrefix = 'd'): Promise<TestPlatform> {
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

export const BRANCHES = [
  { branchId: 'SH-01', name: 'Shanghai Pudong 4S', regionId: 'EAST' },
  { branchId: 'SH-02', name: 'Shanghai Minhang 4S', regionId: 'EAST' },
  { branchId: 'BJ-01', name: 'Beijing Chaoyang 4S', regionId: 'NORTH' },
] as const;

/** The two regions and the three branches of {@link BRANCHES} (CNY, Shanghai time, open since 2024). */
export async function seedOrganisation(post: TestPlatform['post']): Promise<void> {
  for (const [regionId, name] of [
    ['EAST', 'East China'],
    ['NORTH', 'North China'],
  ]) {
    await post('/api/v1/org/regions').send({ regionId, name }).expect(201);
  }
  for (const b of BRANCHES) {
    await post('/api/v1/org/branches')
      .send({
        branchId: b.branchId,
        name: b.name,
        brands: ['Volkswagen'],
        currency: 'CNY',
        timeZone: 'Asia/Shanghai',
        cutoffMinutes: 0,
        openedOn: '2024-01-01',
      })
      .expect(201);
    await post(`/api/v1/org/branches/${b.branchId}/region-assignments`).send({ regionId: b.regionId, effectiveFrom: '2024-01-01' }).expect(201);
  }
}

/**
 * Two regions and three branches; one delivery a month for 13 months (the `focus` month and a year
 * before it), two in SH-01's focus month; SH-01's and SH-02's monthly targets; two repair orders
 * closed in SH-01's focus month and a CSI survey (service figures, provisional ones too).
 */
export async function seedDealerGroup(post: TestPlatform['post'], focus: string): Promise<void> {
  await seedOrganisation(post);
  let n = 0;
  for (let offset = -13; offset <= -1; offset += 1) {
    for (const [i, b] of BRANCHES.entries()) {
      const deliveries = b.branchId === 'SH-01' && offset === -1 ? 2 : 1;
      for (let d = 0; d < deliveries; d += 1) {
        n += 1;
        const net = `${150000 + i * 20000 + (offset + 13) * 1000 + d * 50000}.00`;
        await post(`/api/v1/sales/vehicle-sales/VS-${n}/delivery`)
          .send({
            branchId: b.branchId,
            orderId: `O-${n}`,
            vin: `LSVAU2180N${String(2180000 + n).padStart(7, '0')}`,
            model: 'Lavida 1.5L',
            condition: 'new',
            consultantId: 'E-1',
            invoice: cny(net),
            cost: cny(`${Number.parseInt(net, 10) - 12000}.00`),
            occurredAt: `${month(offset)}-1${d}T03:00:00Z`,
          })
          .expect(201);
      }
    }
  }
  const target = (grainId: string, kpi: string, kind: string, value: string, unit: string) =>
    post('/api/v1/org/targets').send({ kpi, periodKind: 'month', period: focus, grain: 'branch', grainId, kind, value, unit }).expect(201);
  await target('SH-01', 'revenue', 'quota', '400000.00', 'CNY');
  await target('SH-01', 'revenue', 'stretch', '450000.00', 'CNY');
  await target('SH-02', 'revenue', 'quota', '200000.00', 'CNY');
  await target('SH-01', 'units_delivered', 'quota', '2', 'units');
  const base = '/api/v1/workshop/repair-orders';
  for (const [ro, visit, amount] of [
    ['RO-1', 'V1', '600.00'],
    ['RO-2', 'V2', '1500.00'],
  ] as const) {
    const open = {
      branchId: 'SH-01',
      intakeVisitId: visit,
      vin: 'LSVAU2180N2183294',
      mileageKm: 42000,
      advisorId: 'SA-1',
      jobType: 'repair',
      payer: 'customer',
    };
    await post(`${base}/${ro}`)
      .send({ ...open, occurredAt: `${focus}-03T01:00:00Z` })
      .expect(201);
    await post(`${base}/${ro}/labour-lines`)
      .send({
        branchId: 'SH-01',
        lineId: 'L1',
        category: 'mechanical',
        soldHours: '2.00',
        clockedHours: '1.75',
        rate: '300.00',
        technicianId: 'T-1',
        payer: 'customer',
        amount: cny(amount),
        occurredAt: `${focus}-03T03:00:00Z`,
      })
      .expect(201);
    await post(`${base}/${ro}/closure`)
      .send({ branchId: 'SH-01', occurredAt: `${focus}-04T08:00:00Z` })
      .expect(201);
  }
  await post('/api/v1/workshop/csi-surveys/S-1')
    .send({
      branchId: 'SH-01',
      source: 'internal_call',
      kind: 'service',
      repairOrderId: 'RO-1',
      answers: [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }],
      occurredAt: `${focus}-06T02:10:00Z`,
    })
    .expect(201);
}

/** Script errors, and anything the Content-Security-Policy refuses, are collected in `errors`. */
export function watchPage(target: Page, errors: Error[]): void {
  target.on('pageerror', (error) => errors.push(error));
  target.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) errors.push(new Error(message.text()));
  });
}

/** Fills the dashboard's sign-in form and sends it (the page must show it). */
export async function signIn(target: Page, username: string, password: string): Promise<void> {
  await target.locator('[data-testid="sign-in-form"]').waitFor();
  await target.locator('[data-testid="username"]').fill(username);
  await target.locator('[data-testid="password"]').fill(password);
  await target.locator('[data-testid="sign-in-submit"]').click();
}
