import { bearerFor } from '@app/auth';
import { PackDeliveryScheduler } from '@app/delivery';
import { kpiLabel } from '@app/kpi';
import { configureHttpApp, loadPlatformConfig } from '@app/platform-kit';
import { pdfText } from '@app/reporting/testing';
import { createTestDatabase, TestDatabase, uniqueId, useTestClickHouse } from '@app/testing';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import ExcelJS from 'exceljs';
import { ParsedMail, simpleParser } from 'mailparser';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { SMTPServer } from 'smtp-server';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { PlatformModule } from '../apps/platform/src/platform.module';

/**
 * Issue #19 item 5, scheduled delivery (docs/adr/0023-scheduled-pack-delivery.md), end to end: a
 * real SMTP server (smtp-server on 127.0.0.1, a random port, with AUTH) receives the packs that
 * the platform's scheduler renders and sends through nodemailer. The scheduler's "now" is handed
 * in: no real schedule is waited for.
 */

const SMTP_USER = 'kpi-mailer';
const SMTP_PASSWORD = `pw-${uniqueId()}`;

interface Delivery {
  id: string;
  subscriptionId: string;
  periodKey: string;
  period: string;
  status: 'queued' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  messageId: string | null;
  nextAttemptAt: string | null;
  sentAt: string | null;
}

describe('scheduled pack delivery over SMTP', () => {
  let db: TestDatabase;
  let app: INestApplication;
  let smtp: SMTPServer;
  let scheduler: PackDeliveryScheduler;
  const received: ParsedMail[] = [];
  const authFailures: string[] = [];
  /** The next N messages are refused with 451 (a transient failure). */
  let refuseNext = 0;
  /** Messages sent without TLS (SMTP_REQUIRE_TLS makes that impossible). */
  let insecure = 0;
  const saved: Record<string, string | undefined> = {};
  const branchId = `PD-${uniqueId()}`;
  const otherBranchId = `PQ-${uniqueId()}`;
  let managerId = '';
  let deliveryPosition = '';

  const headOffice = () => request.agent(app.getHttpServer() as Server).set(bearerFor('head-office', { subject: 'test-head-office' }));
  const asManager = () => request.agent(app.getHttpServer() as Server).set(bearerFor('branch-manager', { subject: managerId, branches: [branchId] }));
  /**
   * A pack from the API once the month roll-up has `minPosition` (503 PROJECTION_BEHIND with
   * Retry-After until then: asked again, for up to a minute on a busy machine).
   */
  const packOf = async (path: string, query: Record<string, string>): Promise<request.Response> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await headOffice().get(path).query(query);
      if (response.status !== 503 || Date.now() > deadline) {
        expect(response.status).toBe(200);
        return response;
      }
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  };
  const deliveriesOf = async (subscriptionId: string): Promise<Delivery[]> =>
    (await headOffice().get('/api/v1/pack-deliveries').query({ subscriptionId }).expect(200)).body as Delivery[];
  const subscription = (overrides: Record<string, unknown> = {}) => ({
    recipientUserId: managerId,
    email: 'wang.li@dealer.example',
    branchId,
    formats: ['pdf', 'xlsx'],
    locale: 'zh-CN',
    schedule: { kind: 'monthly', businessDay: 3 },
    ...overrides,
  });

  beforeAll(async () => {
    smtp = new SMTPServer({
      authMethods: ['PLAIN', 'LOGIN'],
      // STARTTLS with smtp-server's own self-signed certificate (hence SMTP_TLS_REJECT_UNAUTHORIZED=false below).
      logger: false,
      onAuth(auth, _session, callback) {
        if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) return callback(null, { user: auth.username });
        authFailures.push(auth.username ?? '');
        return callback(new Error('Invalid username or password'));
      },
      onData(stream, session, callback) {
        if (!session.secure) insecure += 1;
        if (refuseNext > 0) {
          refuseNext -= 1;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then((mail) => {
            received.push(mail);
            callback();
          })
          .catch((error: Error) => callback(error));
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;

    const env = {
      SMTP_URL: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${port}`,
      SMTP_FROM: 'KPI reports <kpi-reports@dealer.example>',
      SMTP_REQUIRE_TLS: 'true',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
      PACK_DELIVERY_INTERVAL_MS: '86400000',
      PACK_DELIVERY_MAX_ATTEMPTS: '3',
      PACK_DELIVERY_RETRY_BASE_MS: '60000',
      // The roll-up may take a while on a busy machine: minPosition waits up to 10 s, not 5.
      READ_YOUR_WRITES_MAX_WAIT_MS: '10000',
    };
    for (const [key, value] of Object.entries(env)) {
      saved[key] = process.env[key];
      process.env[key] = value;
    }
    db = await createTestDatabase('pack_delivery');
    useTestClickHouse();
    const config = loadPlatformConfig({ ...process.env, KAFKA_BROKERS: undefined });
    const moduleRef = await Test.createTestingModule({ imports: [PlatformModule.forRoot({ config, databaseUrl: db.url })] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error', 'warn'] });
    configureHttpApp(app, { title: 'test' });
    await app.init();
    scheduler = app.get(PackDeliveryScheduler);

    for (const [id, name] of [
      [branchId, '浦东4S店'],
      [otherBranchId, '闵行4S店'],
    ]) {
      await headOffice()
        .post('/api/v1/org/branches')
        .send({ branchId: id, name, brands: ['VW'], currency: 'CNY', timeZone: 'Asia/Shanghai', cutoffMinutes: 0, openedOn: '2025-01-01' })
        .expect(201);
    }
    // New Year's Day 2027 is a holiday: business day 3 of January 2027 is Wednesday the 6th.
    await headOffice()
      .post('/api/v1/org/holiday-calendars')
      .send({ scope: 'branch', scopeId: branchId, year: 2027, holidays: ['2027-01-01'], extraWorkingDays: [] })
      .expect(201);
    const money = (net: string) => ({ currency: 'CNY', net, tax: '0.00', gross: net });
    const delivered = await headOffice()
      .post(`/api/v1/sales/vehicle-sales/${branchId}-1/delivery`)
      .send({
        branchId,
        vin: 'LSVAU2180N2183294',
        model: 'Lavida',
        condition: 'new',
        consultantId: 'E-1',
        occurredAt: '2026-12-03T03:00:00Z',
        invoice: money('123456.78'),
        cost: money('100000.00'),
      })
      .expect(201);
    deliveryPosition = (delivered.body as { position: string }).position;

    const manager = await headOffice()
      .post('/api/v1/users')
      .send({ username: `wang-${uniqueId()}`, displayName: '王经理', role: 'branch-manager', branches: [branchId], password: 'Pack-Delivery-Test-2026!' })
      .expect(201);
    managerId = (manager.body as { id: string }).id;
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    await db?.drop();
    await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('refuses subscriptions by anyone but head office, outside the recipient scope, and with invalid fields', async () => {
    const forbidden = await asManager().post('/api/v1/pack-subscriptions').send(subscription()).expect(403);
    expect(forbidden.body).toMatchObject({ code: 'ROLE_FORBIDDEN' });
    await asManager().get('/api/v1/pack-deliveries').expect(403);
    await request(app.getHttpServer() as Server)
      .get('/api/v1/pack-subscriptions')
      .expect(401);

    const outside = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ branchId: otherBranchId }))
      .expect(422);
    expect(outside.body).toMatchObject({ code: 'RECIPIENT_OUT_OF_SCOPE', errors: [{ field: 'branchId' }] });

    const invalid = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ formats: ['doc'], locale: 'fr', email: 'nobody', schedule: { kind: 'monthly', businessDay: 11 } }))
      .expect(400);
    const fields = (invalid.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
    expect(fields).toEqual(['email', 'formats', 'locale', 'schedule.businessDay']);

    const mixed = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ schedule: { kind: 'weekly', weekday: 1, businessDay: 2 } }))
      .expect(400);
    expect(mixed.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'schedule.businessDay' }] });
    await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ recipientUserId: '00000000-0000-4000-8000-000000000000' }))
      .expect(422)
      .expect((r) => expect(r.body).toMatchObject({ code: 'UNKNOWN_RECIPIENT' }));
    await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ branchId: 'NO-SUCH-BRANCH' }))
      .expect(400)
      .expect((r) => expect(r.body).toMatchObject({ code: 'UNKNOWN_BRANCH' }));
    expect((await headOffice().get('/api/v1/pack-subscriptions').expect(200)).body).toEqual([]);
  });

  it('mails the monthly pack on business day 3 in the recipient locale, with the same figures as the API, once', async () => {
    const created = await headOffice().post('/api/v1/pack-subscriptions').send(subscription()).expect(201);
    const sub = created.body as { id: string; version: number; createdBy: string; updatedBy: string };
    expect(sub).toMatchObject({ createdBy: 'test-head-office', updatedBy: 'test-head-office', version: 1, schedule: { kind: 'monthly', businessDay: 3 } });
    expect(created.headers.etag).toBe('"1"');

    // The API's figure, once the month roll-up includes the sale.
    const api = await packOf(`/api/v1/branches/${branchId}/monthly-summary/2026-12`, { minPosition: deliveryPosition, locale: 'zh-CN' });
    const apiRow = (api.body as { sections: { rows: { kpiId: string; value: string | null }[] }[] }).sections
      .flatMap((s) => s.rows)
      .find((r) => r.kpiId === 'revenue_new_vehicles');
    expect(apiRow?.value).toBe('123456.78');

    // Tuesday 5 January 2027, 08:00 in Shanghai: business day 2 (the 1st is a holiday): nothing is due yet.
    expect(await scheduler.runOnce(new Date('2027-01-05T00:00:00Z'))).toEqual({ planned: 0, sent: 0, retried: 0, failed: 0 });
    // Wednesday 6 January, 07:00 in Shanghai (23:00 UTC the day before): December's pack is due.
    expect(await scheduler.runOnce(new Date('2027-01-05T23:00:00Z'))).toEqual({ planned: 1, sent: 1, retried: 0, failed: 0 });
    expect(received).toHaveLength(1);
    const mail = received[0]!;
    expect(mail.subject).toBe(`【月度经营分析】浦东4S店 (${branchId}) · 2026年12月`);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('wang.li@dealer.example');
    expect(mail.from?.text).toContain('kpi-reports@dealer.example');
    expect(mail.text).toContain('王经理，您好');
    expect((mail.text ?? '').replace(/PDF|Excel|4S|PD-[\w-]+/g, '').match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(mail.attachments.map((a) => a.filename).sort()).toEqual([`${branchId}-2026-12-zh-CN.pdf`, `${branchId}-2026-12-zh-CN.xlsx`]);

    const pdf = mail.attachments.find((a) => a.filename?.endsWith('.pdf'))!;
    expect(pdf.contentType).toBe('application/pdf');
    expect(pdf.content.subarray(0, 4).toString('latin1')).toBe('%PDF');
    const text = (await pdfText(pdf.content)).pages.join('\n');
    expect(text).toContain('月度经营分析');
    expect(text).toContain(branchId);
    // The zh-CN page shows amounts in 万 as the dashboard does (123,456.78 → 12.35万); the XLSX holds the exact figure.
    expect(text.replace(/\s+/g, '')).toContain(`${kpiLabel('revenue_new_vehicles', 'zh-CN')}CNY12.35万`);

    const xlsx = mail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.content as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    // The column headed 实际 (actual), in the row of the KPI's zh-CN label.
    let actualColumn = 0;
    let excelValue: ExcelJS.CellValue | undefined;
    sheet.eachRow((row) => {
      row.eachCell((cell, col) => {
        if (actualColumn === 0 && cell.value === '实际') actualColumn = col;
      });
      if (row.getCell(1).value === kpiLabel('revenue_new_vehicles', 'zh-CN')) excelValue = row.getCell(actualColumn).value;
    });
    expect(actualColumn).toBeGreaterThan(0);
    expect(excelValue).toBe(Number(apiRow!.value));
    // The export endpoint renders through the same function, under the same file name.
    const download = await headOffice().get(`/api/v1/branches/${branchId}/monthly-summary/2026-12`).query({ format: 'xlsx', locale: 'zh-CN' }).expect(200);
    expect(download.headers['content-type']).toBe(xlsx.contentType);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${xlsx.filename}"`);

    const [logged] = await deliveriesOf(sub.id);
    expect(logged).toMatchObject({ periodKey: 'monthly:2026-12', period: '2026-12', status: 'sent', attempts: 1, lastError: null, nextAttemptAt: null });
    expect(logged!.messageId).toBe(mail.messageId);

    // Later rounds (a restart, another replica) do not send it again.
    expect(await scheduler.runOnce(new Date('2027-01-05T23:00:00Z'))).toMatchObject({ planned: 0, sent: 0 });
    expect(await scheduler.runOnce(new Date('2027-01-20T02:00:00Z'))).toMatchObject({ planned: 0, sent: 0 });
    expect(received).toHaveLength(1);
    expect(await deliveriesOf(sub.id)).toHaveLength(1);
    expect(authFailures).toEqual([]);
    expect(insecure).toBe(0);
  }, 120_000);

  it('retries a refused message with exponential backoff, logs every attempt, and gives up after the last', async () => {
    const created = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ locale: 'es', formats: ['xlsx'], schedule: { kind: 'weekly', weekday: 1 } }))
      .expect(201);
    const sub = created.body as { id: string };
    const before = received.length;
    refuseNext = 2;
    // Monday 11 January 2027, 08:00 in Shanghai. Two replicas planning at once insert one delivery.
    const monday = new Date('2027-01-11T00:00:00Z');
    const plans = await Promise.all([scheduler.plan(monday), scheduler.plan(monday)]);
    expect(plans[0] + plans[1]).toBe(1);
    expect(await scheduler.runOnce(monday)).toMatchObject({ retried: 1, sent: 0 });
    let [logged] = await deliveriesOf(sub.id);
    expect(logged).toMatchObject({
      periodKey: 'weekly:2027-01-11',
      period: '2027-01',
      status: 'queued',
      attempts: 1,
      nextAttemptAt: '2027-01-11T00:01:00.000Z',
    });
    expect(logged!.lastError).toContain('451');
    expect(logged!.lastError).not.toContain(SMTP_PASSWORD);

    // Not before the backoff has passed: 1 minute, then 2.
    expect(await scheduler.runOnce(new Date('2027-01-11T00:00:30Z'))).toMatchObject({ retried: 0, sent: 0 });
    expect(await scheduler.runOnce(new Date('2027-01-11T00:01:00Z'))).toMatchObject({ retried: 1 });
    [logged] = await deliveriesOf(sub.id);
    expect(logged).toMatchObject({ status: 'queued', attempts: 2, nextAttemptAt: '2027-01-11T00:03:00.000Z' });
    expect(await scheduler.runOnce(new Date('2027-01-11T00:03:00Z'))).toMatchObject({ sent: 1 });
    [logged] = await deliveriesOf(sub.id);
    expect(logged).toMatchObject({ status: 'sent', attempts: 3, lastError: null, sentAt: '2027-01-11T00:03:00.000Z' });
    expect(received).toHaveLength(before + 1);
    const mail = received[received.length - 1]!;
    expect(mail.subject).toBe(`Resumen del mes en curso · 浦东4S店 (${branchId}) · hasta el 10 de enero de 2027`);
    expect(mail.attachments.map((a) => a.filename)).toEqual([`${branchId}-2027-01-to-2027-01-10-es.xlsx`]);

    // Refused every time: failed after PACK_DELIVERY_MAX_ATTEMPTS (3), and not tried again.
    refuseNext = 10;
    const next = new Date('2027-01-18T00:00:00Z');
    expect(await scheduler.runOnce(next)).toMatchObject({ planned: 1, retried: 1 });
    expect(await scheduler.runOnce(new Date('2027-01-18T00:01:00Z'))).toMatchObject({ retried: 1 });
    expect(await scheduler.runOnce(new Date('2027-01-18T00:03:00Z'))).toMatchObject({ failed: 1 });
    expect(await scheduler.runOnce(new Date('2027-01-19T00:00:00Z'))).toMatchObject({ planned: 0, retried: 0, failed: 0, sent: 0 });
    const failed = (await headOffice().get('/api/v1/pack-deliveries').query({ subscriptionId: sub.id, status: 'failed' }).expect(200)).body as Delivery[];
    expect(failed).toMatchObject([{ periodKey: 'weekly:2027-01-18', status: 'failed', attempts: 3 }]);
    expect(failed[0]!.lastError).toContain('451');
    refuseNext = 0;
  }, 120_000);

  it('two rounds at once (two replicas) plan and send a due delivery once', async () => {
    const created = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ locale: 'en', formats: ['pdf'], schedule: { kind: 'weekly', weekday: 3 } }))
      .expect(201);
    const sub = created.body as { id: string };
    const before = received.length;
    // Wednesday 13 January 2027, 08:00 in Shanghai. runOnce serialises rounds within a process; the
    // rounds of two replicas do not know of each other, so both are started directly.
    const wednesday = new Date('2027-01-13T00:00:00Z');
    type Round = { planned: number; sent: number; retried: number; failed: number };
    const round = (scheduler as unknown as { round(now: Date): Promise<Round> }).round.bind(scheduler);
    const rounds = await Promise.all([round(wednesday), round(wednesday)]);
    expect(rounds.reduce((n, r) => n + r.planned, 0)).toBe(1);
    expect(rounds.reduce((n, r) => n + r.sent, 0)).toBe(1);
    expect(received).toHaveLength(before + 1);
    expect(received[received.length - 1]!.subject).toBe(`Month-to-date summary · 浦东4S店 (${branchId}) · to 12 January 2027`);
    expect(await deliveriesOf(sub.id)).toMatchObject([{ periodKey: 'weekly:2027-01-13', status: 'sent', attempts: 1 }]);
  }, 120_000);

  it('takes over a delivery whose sender died once its lease has run out', async () => {
    const created = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ locale: 'en', formats: ['xlsx'], schedule: { kind: 'weekly', weekday: 4 } }))
      .expect(201);
    const sub = created.body as { id: string };
    const before = received.length;
    // Thursday 14 January 2027: a round claimed the delivery (lease to 00:15) and its process died.
    const thursday = new Date('2027-01-14T00:00:00Z');
    expect(await scheduler.plan(thursday)).toBe(1);
    await app
      .get(DataSource)
      .query(`UPDATE pack_deliveries SET status = 'sending', attempts = 1, next_attempt_at = '2027-01-14T00:15:00Z' WHERE subscription_id = $1`, [sub.id]);
    expect(await deliveriesOf(sub.id)).toMatchObject([{ status: 'sending', attempts: 1 }]);
    expect(await scheduler.runOnce(new Date('2027-01-14T00:10:00Z'))).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(received).toHaveLength(before);
    expect(await scheduler.runOnce(new Date('2027-01-14T00:15:00Z'))).toMatchObject({ sent: 1 });
    expect(await deliveriesOf(sub.id)).toMatchObject([{ periodKey: 'weekly:2027-01-14', status: 'sent', attempts: 2 }]);
    expect(received).toHaveLength(before + 1);
  }, 120_000);

  it('changes a subscription with If-Match (409 when stale) and deletes it; the log stays', async () => {
    const created = await headOffice()
      .post('/api/v1/pack-subscriptions')
      .send(subscription({ locale: 'en', schedule: { kind: 'weekly', weekday: 5 } }))
      .expect(201);
    const id = (created.body as { id: string }).id;
    const changed = await headOffice()
      .patch(`/api/v1/pack-subscriptions/${id}`)
      .set('If-Match', '"1"')
      .send({ schedule: { kind: 'monthly', businessDay: 5 }, formats: ['pdf'] })
      .expect(200);
    expect(changed.body).toMatchObject({ version: 2, schedule: { kind: 'monthly', businessDay: 5 }, formats: ['pdf'], updatedBy: 'test-head-office' });
    await headOffice()
      .patch(`/api/v1/pack-subscriptions/${id}`)
      .set('If-Match', '"1"')
      .send({ enabled: false })
      .expect(409)
      .expect((r) => expect(r.body).toMatchObject({ code: 'VERSION_CONFLICT' }));
    await headOffice()
      .patch(`/api/v1/pack-subscriptions/${id}`)
      .send({ branchId: otherBranchId })
      .expect(422)
      .expect((r) => expect(r.body).toMatchObject({ code: 'RECIPIENT_OUT_OF_SCOPE' }));
    await asManager().delete(`/api/v1/pack-subscriptions/${id}`).expect(403);
    await headOffice().delete(`/api/v1/pack-subscriptions/${id}`).set('If-Match', '"2"').expect(204);
    await headOffice().get(`/api/v1/pack-subscriptions/${id}`).expect(404);
  });

  describe('region and group packs', () => {
    const regionId = `PR-${uniqueId()}`;
    const otherRegionId = `PS-${uniqueId()}`;
    const madridId = `PM-${uniqueId()}`;
    let regionManagerId = '';
    let controllerId = '';
    let lastPosition = '';

    type Pack = {
      currency: string;
      unit: { level: string; id: string; currency: string | null };
      sections: { rows: { kpiId: string; currency: string | null; value: string | null }[] }[];
    };
    /** The API's pack, once the month roll-up has every event of the setup. */
    const apiPack = async (path: string, query: Record<string, string>): Promise<Pack> =>
      (await packOf(path, { minPosition: lastPosition, ...query })).body as Pack;
    /** The workbook's data sheet: one [KPI id, actual] per row of the sections, in order. */
    const workbookFigures = async (content: Buffer): Promise<[unknown, unknown][]> => {
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(content as unknown as ExcelJS.Buffer);
      const data = workbook.worksheets[1]!;
      const figures: [unknown, unknown][] = [];
      data.eachRow((row, n) => {
        if (n > 1) figures.push([row.getCell(4).value, row.getCell(7).value]);
      });
      return figures;
    };
    const apiFigures = (pack: Pack): [unknown, unknown][] =>
      pack.sections.flatMap((s) => s.rows).map((r) => [r.kpiId, r.value === null ? null : Number(r.value)]);
    const regionSubscription = (overrides: Record<string, unknown> = {}) => ({
      recipientUserId: regionManagerId,
      email: 'zhao.region@dealer.example',
      level: 'region',
      regionId,
      currency: 'branch',
      formats: ['pdf', 'xlsx'],
      locale: 'zh-CN',
      schedule: { kind: 'monthly', businessDay: 2 },
      ...overrides,
    });

    beforeAll(async () => {
      // The earlier tests' subscriptions are deleted: the rounds below count only these.
      for (const s of (await headOffice().get('/api/v1/pack-subscriptions').expect(200)).body as { id: string }[]) {
        await headOffice().delete(`/api/v1/pack-subscriptions/${s.id}`).expect(204);
      }
      // Region R: the two Shanghai branches and one in Madrid (EUR): several currencies and time zones.
      await headOffice().post('/api/v1/org/regions').send({ regionId, name: '华东测试大区' }).expect(201);
      await headOffice().post('/api/v1/org/regions').send({ regionId: otherRegionId, name: '华南测试大区' }).expect(201);
      await headOffice().post('/api/v1/org/exchange-rates').send({ month: '2026-12', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.8' }).expect(201);
      await headOffice()
        .post('/api/v1/org/branches')
        .send({
          branchId: madridId,
          name: 'Madrid Norte',
          brands: ['VW'],
          currency: 'EUR',
          timeZone: 'Europe/Madrid',
          cutoffMinutes: 0,
          openedOn: '2025-01-01',
        })
        .expect(201);
      for (const id of [branchId, otherBranchId, madridId]) {
        await headOffice().post(`/api/v1/org/branches/${id}/region-assignments`).send({ regionId, effectiveFrom: '2025-01-01' }).expect(201);
      }
      // Region R's own days off: 1 and 5 January 2027; the group's: 1 and 4 January. Branch calendars do not count.
      await headOffice()
        .post('/api/v1/org/holiday-calendars')
        .send({ scope: 'region', scopeId: regionId, year: 2027, holidays: ['2027-01-01', '2027-01-05'], extraWorkingDays: [] })
        .expect(201);
      await headOffice()
        .post('/api/v1/org/holiday-calendars')
        .send({ scope: 'group', year: 2027, holidays: ['2027-01-01', '2027-01-04'], extraWorkingDays: [] })
        .expect(201);
      const sale = await headOffice()
        .post(`/api/v1/sales/vehicle-sales/${madridId}-1/delivery`)
        .send({
          branchId: madridId,
          vin: 'WVWZZZAUZNW123456',
          model: 'Golf',
          condition: 'new',
          consultantId: 'E-2',
          occurredAt: '2026-12-04T10:00:00Z',
          invoice: { currency: 'EUR', net: '20000.00', tax: '0.00', gross: '20000.00' },
          cost: { currency: 'EUR', net: '18000.00', tax: '0.00', gross: '18000.00' },
        })
        .expect(201);
      lastPosition = (sale.body as { position: string }).position;

      const regionManager = await headOffice()
        .post('/api/v1/users')
        .send({ username: `zhao-${uniqueId()}`, displayName: '赵总', role: 'region-manager', regions: [regionId], password: 'Pack-Delivery-Test-2026!' })
        .expect(201);
      regionManagerId = (regionManager.body as { id: string }).id;
      const controller = await headOffice()
        .post('/api/v1/users')
        .send({ username: `ana-${uniqueId()}`, displayName: 'Ana Controller', role: 'head-office', password: 'Pack-Delivery-Test-2026!' })
        .expect(201);
      controllerId = (controller.body as { id: string }).id;
    }, 120_000);

    it('refuses a region or group pack outside the recipient scope, and a unit that does not fit the level', async () => {
      const group = await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ level: 'group', regionId: undefined }))
        .expect(422);
      expect(group.body).toMatchObject({ code: 'RECIPIENT_OUT_OF_SCOPE', errors: [{ field: 'level' }] });
      const other = await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ regionId: otherRegionId }))
        .expect(422);
      expect(other.body).toMatchObject({ code: 'RECIPIENT_OUT_OF_SCOPE', errors: [{ field: 'regionId' }] });
      await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ regionId: 'NO-SUCH-REGION' }))
        .expect(400)
        .expect((r) => expect(r.body).toMatchObject({ code: 'UNKNOWN_REGION', errors: [{ field: 'regionId' }] }));
      const misfit = await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ level: 'group', regionId: undefined, branchId, pack: 'region-monthly' }))
        .expect(400);
      expect((misfit.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['branchId', 'pack']);
      const missing = await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ regionId: undefined, level: 'region', currency: 'eur', view: 'closed', timeZone: 'Mars/Olympus' }))
        .expect(400);
      expect((missing.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort()).toEqual(['currency', 'regionId', 'timeZone', 'view']);
      expect((await headOffice().get('/api/v1/pack-subscriptions').expect(200)).body).toEqual([]);
    });

    it("mails the group's and a region's pack on their own business day, with the API's figures, and the log names the unit", async () => {
      const groupSub = (
        await headOffice()
          .post('/api/v1/pack-subscriptions')
          .send({
            recipientUserId: controllerId,
            email: 'ana@dealer.example',
            level: 'group',
            formats: ['pdf', 'xlsx'],
            locale: 'en',
            timeZone: 'Europe/Madrid',
            schedule: { kind: 'monthly', businessDay: 1 },
          })
          .expect(201)
      ).body as { id: string };
      expect(groupSub).toMatchObject({
        level: 'group',
        unitId: 'group',
        branchId: null,
        regionId: null,
        pack: 'group-monthly',
        currency: 'group',
        view: 'restated',
      });
      const regionSub = (await headOffice().post('/api/v1/pack-subscriptions').send(regionSubscription()).expect(201)).body as { id: string };
      expect(regionSub).toMatchObject({
        level: 'region',
        unitId: regionId,
        regionId,
        branchId: null,
        pack: 'region-monthly',
        currency: 'branch',
        timeZone: null,
      });
      // The same pack on the same schedule to the same recipient and address is refused, whatever its language or formats.
      const duplicate = await headOffice()
        .post('/api/v1/pack-subscriptions')
        .send(regionSubscription({ locale: 'en', formats: ['pdf'] }))
        .expect(409);
      expect(duplicate.body).toMatchObject({ code: 'DUPLICATE_SUBSCRIPTION' });
      expect((duplicate.body as { message: string }).message).toContain(regionSub.id);
      // The API's packs, once the month roll-up has every event of the setup: the mailed files must hold these figures.
      const groupApi = await apiPack('/api/v1/group/monthly-summary/2026-12', { locale: 'en' });
      // Consolidated in CNY: 123,456.78 + 20,000.00 EUR × 7.8.
      expect(groupApi.sections.flatMap((s) => s.rows).find((r) => r.kpiId === 'revenue_new_vehicles')).toMatchObject({ currency: 'CNY', value: '279456.78' });
      const regionApi = await apiPack(`/api/v1/regions/${regionId}/monthly-summary/2026-12`, { locale: 'zh-CN', currency: 'branch' });
      // In branch currency: one subtotal per currency, no total.
      expect(
        regionApi.sections
          .flatMap((s) => s.rows)
          .filter((r) => r.kpiId === 'revenue_new_vehicles')
          .map((r) => [r.currency, r.value]),
      ).toEqual([
        ['CNY', '123456.78'],
        ['EUR', '20000.00'],
      ]);
      const before = received.length;

      // The group's business day 1 of January 2027 is Tuesday the 5th (the 1st and the 4th are off), due 07:00 in Madrid (06:00 UTC).
      expect(await scheduler.runOnce(new Date('2027-01-05T05:59:00Z'))).toEqual({ planned: 0, sent: 0, retried: 0, failed: 0 });
      expect(await scheduler.runOnce(new Date('2027-01-05T06:00:00Z'))).toEqual({ planned: 1, sent: 1, retried: 0, failed: 0 });
      expect(received).toHaveLength(before + 1);
      const groupMail = received[before]!;
      expect(groupMail.subject).toBe('Monthly business summary · Group · December 2026');
      expect(groupMail.headers.get('x-pack-delivery')).toBe(`${groupSub.id}/monthly:2026-12`);
      expect(groupMail.attachments.map((a) => a.filename).sort()).toEqual(['group-2026-12-en.pdf', 'group-2026-12-en.xlsx']);
      const groupXlsx = groupMail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
      expect(await workbookFigures(groupXlsx.content)).toEqual(apiFigures(groupApi));
      const groupPdf = (await pdfText(groupMail.attachments.find((a) => a.filename?.endsWith('.pdf'))!.content)).pages.join('\n');
      expect(groupPdf).toContain('Monthly business summary');
      expect(groupPdf).toContain('Regions ranked');

      // Region R's business day 2 is Thursday the 7th (its 5th is off, the group's 4th too); its branches keep two time zones: 07:00 UTC.
      expect(await scheduler.runOnce(new Date('2027-01-07T06:59:00Z'))).toEqual({ planned: 0, sent: 0, retried: 0, failed: 0 });
      expect(await scheduler.runOnce(new Date('2027-01-07T07:00:00Z'))).toEqual({ planned: 1, sent: 1, retried: 0, failed: 0 });
      expect(received).toHaveLength(before + 2);
      const regionMail = received[before + 1]!;
      expect(regionMail.subject).toBe(`【月度经营分析】华东测试大区 (${regionId}) · 2026年12月`);
      expect(regionMail.text).toContain('赵总，您好');
      expect(regionMail.attachments.map((a) => a.filename).sort()).toEqual([`${regionId}-2026-12-zh-CN.pdf`, `${regionId}-2026-12-zh-CN.xlsx`]);
      const regionXlsx = regionMail.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
      expect(await workbookFigures(regionXlsx.content)).toEqual(apiFigures(regionApi));
      const regionPdf = (await pdfText(regionMail.attachments.find((a) => a.filename?.endsWith('.pdf'))!.content)).pages.join('\n');
      expect(regionPdf.replace(/\s+/g, '')).toContain('各门店本币（按币种小计）');
      expect(regionPdf).toContain('门店排名');

      const log = (await headOffice().get('/api/v1/pack-deliveries').expect(200)).body as Record<string, unknown>[];
      expect(log.filter((d) => d.subscriptionId === groupSub.id)).toMatchObject([
        { level: 'group', unitId: 'group', branchId: null, regionId: null, periodKey: 'monthly:2026-12', status: 'sent' },
      ]);
      expect(log.filter((d) => d.subscriptionId === regionSub.id)).toMatchObject([
        { level: 'region', unitId: regionId, regionId, branchId: null, periodKey: 'monthly:2026-12', status: 'sent', attempts: 1 },
      ]);
      expect(await scheduler.runOnce(new Date('2027-01-07T07:00:00Z'))).toMatchObject({ planned: 0, sent: 0 });
    }, 180_000);

    it('fails a region pack whose recipient lost the region, with the reason, and sends nothing to them', async () => {
      const [regionSub] = ((await headOffice().get('/api/v1/pack-subscriptions').expect(200)).body as { id: string; level: string }[]).filter(
        (s) => s.level === 'region',
      );
      await headOffice()
        .patch(`/api/v1/users/${regionManagerId}`)
        .send({ regions: [otherRegionId] })
        .expect(200);
      const before = received.length;
      // February: the group's business day 1 (Monday the 1st) and R's business day 2 (Tuesday the 2nd) have passed.
      expect(await scheduler.runOnce(new Date('2027-02-03T00:00:00Z'))).toEqual({ planned: 2, sent: 1, retried: 0, failed: 1 });
      expect(received).toHaveLength(before + 1);
      expect(received[before]!.subject).toBe('Monthly business summary · Group · January 2027');
      const [failed] = await deliveriesOf(regionSub!.id).then((all) => all.filter((d) => d.periodKey === 'monthly:2027-01'));
      expect(failed).toMatchObject({ status: 'failed', attempts: 1, messageId: null });
      expect(failed!.lastError).toMatch(/^RECIPIENT_OUT_OF_SCOPE: region PR-\w+ is outside the access scope of zhao-/);
      // The subscription can no longer be changed to anything this recipient may not see.
      await headOffice()
        .patch(`/api/v1/pack-subscriptions/${regionSub!.id}`)
        .send({ locale: 'en' })
        .expect(422)
        .expect((r) => expect(r.body).toMatchObject({ code: 'RECIPIENT_OUT_OF_SCOPE', errors: [{ field: 'regionId' }] }));
    }, 120_000);
  });
});
