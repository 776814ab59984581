/**
 * Head office's Pack subscriptions page (issue #19 item 5) in headless Chromium, over the real
 * platform (Postgres, Kafka, embedded ClickHouse) and an organisation written through the real
 * commands: head office signs in with the dashboard's form, is refused a subscription the API
 * refuses (the recipient may not see the branch: 422 RECIPIENT_OUT_OF_SCOPE; an unknown time zone:
 * 400 on its field; the same pack twice: 409 DUPLICATE_SUBSCRIPTION), each shown by its field in
 * the page's language; creates one and sees it listed; sees the delivery the scheduler plans for it
 * in the delivery log; pauses, resumes and cancels it (the queued delivery then failed with its
 * reason); every change audited under the signed-in user. A branch manager gets the translated
 * refusal, and the API refuses them too. Screenshots go to test-artifacts/.
 */
import { PackDeliveryScheduler } from '@app/delivery';
import { expectEventually } from '@app/testing';
import { bearerFor } from '@app/auth';
import { AuditLog } from '@app/identity';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, seedOrganisation, signIn, startPlatform, TestPlatform, watchPage } from './support/dashboard-browser';

const USERS = {
  headOffice: { username: 'hu.hong', displayName: 'Hu Hong', role: 'head-office', branches: [] as string[], password: 'correct horse battery' },
  branchManager: { username: 'wang.fang', displayName: '王芳', role: 'branch-manager', branches: ['SH-02'], password: 'SH-02 manager pass' },
} as const;
const EMAIL = 'wang.fang@dealer.example';

interface Subscription {
  id: string;
  recipientUserId: string;
  email: string;
  level: string;
  unitId: string;
  schedule: { kind: string; businessDay?: number; weekday?: number };
  enabled: boolean;
  timeZone: string | null;
}
interface Delivery {
  subscriptionId: string;
  status: string;
  lastError: string | null;
}

describe('dashboard: pack subscriptions page (Chromium)', () => {
  let platform: TestPlatform;
  let browser: Browser;
  const pageErrors: Error[] = [];
  const userIds: Record<string, string> = {};
  const HEAD_OFFICE = bearerFor('head-office', { subject: 'ho-seed' });

  beforeAll(async () => {
    platform = await startPlatform('dashboard_subscriptions', 'dsub');
    await seedOrganisation((path) => platform.post(path));
    for (const [key, user] of Object.entries(USERS)) {
      const created = await platform
        .post('/api/v1/users')
        .send({ username: user.username, displayName: user.displayName, role: user.role, regions: [], branches: user.branches, password: user.password })
        .expect(201);
      userIds[key] = (created.body as { id: string }).id;
    }
    // The read side knows the branches (a subscription's unit is checked against it).
    await expectEventually(
      async () => {
        const units = await platform.http().get('/api/v1/units').set(HEAD_OFFICE).expect(200);
        const branchIds = (units.body as { regions: { branches: { id: string }[] }[] }).regions.flatMap((r) => r.branches.map((b) => b.id));
        expect(branchIds).toEqual(expect.arrayContaining(['SH-01', 'SH-02', 'BJ-01']));
      },
      { timeoutMs: 120_000 },
    );
    browser = await launchChromium();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function open(locale: 'en-US' | 'zh-CN' | 'es-ES'): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale, viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    watchPage(page, pageErrors);
    return { context, page };
  }

  const testid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);
  /** The page's own words for `path` in the page's language (i18n.js, as the browser loads it). */
  const pageText = (page: Page, expression: string): Promise<string> =>
    page.evaluate<string>(`import('/assets/i18n.js').then(({ texts }) => { const t = texts(document.documentElement.lang); return ${expression}; })`);
  const subscriptions = async (): Promise<Subscription[]> =>
    (await platform.http().get('/api/v1/pack-subscriptions').set(HEAD_OFFICE).expect(200)).body as Subscription[];
  const deliveries = async (subscriptionId: string): Promise<Delivery[]> =>
    (await platform.http().get('/api/v1/pack-deliveries').query({ subscriptionId }).set(HEAD_OFFICE).expect(200)).body as Delivery[];
  const fieldError = (page: Page, field: string) => page.locator(`[data-testid="subscription-form"] [data-testid="field-error"][data-field="${field}"]`);

  it('lets head office create a subscription with field errors, list it, see its log, pause and cancel it', async () => {
    const { context, page } = await open('en-US');
    try {
      await page.goto(`${platform.baseUrl}/#/group`);
      await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
      await testid(page, 'who').waitFor();
      await testid(page, 'nav-subscriptions').click();
      await page.waitForURL((url) => url.hash === '#/subscriptions');
      await testid(page, 'subscriptions-empty').waitFor();
      await testid(page, 'deliveries-empty').waitFor();
      expect(await testid(page, 'nav-subscriptions').getAttribute('aria-current')).toBe('');

      // The form refuses what the page can tell at once.
      await testid(page, 'new-subscription').click();
      await testid(page, 'subscription-form').waitFor();
      await testid(page, 'subscription-save').click();
      await expect(fieldError(page, 'recipientUserId').textContent()).resolves.toBe(await pageText(page, 't.subscriptions.rules.recipientUserId'));
      await expect(fieldError(page, 'email').textContent()).resolves.toBe(await pageText(page, 't.subscriptions.rules.email'));

      // The API's refusal by field: the branch manager of SH-02 may not see SH-01 (422 RECIPIENT_OUT_OF_SCOPE).
      await testid(page, 'subscription-recipientUserId').selectOption(userIds.branchManager!);
      await testid(page, 'subscription-email').fill(EMAIL);
      await testid(page, 'subscription-level').selectOption('branch');
      await testid(page, 'subscription-unit').selectOption('SH-01');
      await testid(page, 'subscription-save').click();
      const outOfScope = await pageText(page, 't.errors.RECIPIENT_OUT_OF_SCOPE');
      await expectEventually(async () => expect(await fieldError(page, 'unit').textContent()).toBe(outOfScope), { timeoutMs: 10_000 });
      expect(await testid(page, 'subscription-unit').getAttribute('aria-invalid')).toBe('true');
      await expect(fieldError(page, 'email').isHidden()).resolves.toBe(true);
      expect(await testid(page, 'form-error').textContent()).toContain(await pageText(page, 't.field.fix'));
      await page.screenshot({ path: join(platform.artifacts, 'dashboard-subscriptions-field-error.png'), fullPage: true });

      // The group's pack: refused on the level (a group pack has no unit field).
      await testid(page, 'subscription-level').selectOption('group');
      await expect(testid(page, 'subscription-unit').isHidden()).resolves.toBe(true);
      await testid(page, 'subscription-save').click();
      await expectEventually(async () => expect(await fieldError(page, 'level').textContent()).toBe(outOfScope), { timeoutMs: 10_000 });
      await expect(fieldError(page, 'unit').isHidden()).resolves.toBe(true);
      await testid(page, 'subscription-level').selectOption('branch');

      // An unknown time zone: 400 on its field.
      await testid(page, 'subscription-unit').selectOption('SH-02');
      await testid(page, 'subscription-timeZone').fill('Mars/Olympus_Mons');
      await testid(page, 'subscription-save').click();
      const badZone = await pageText(page, 't.subscriptions.rules.timeZone');
      await expectEventually(async () => expect(await fieldError(page, 'timeZone').textContent()).toBe(badZone), { timeoutMs: 10_000 });
      await expect(fieldError(page, 'unit').isHidden()).resolves.toBe(true);
      expect(await subscriptions()).toEqual([]);

      // A weekly pack on Mondays, in Spanish, PDF only: created and listed.
      await testid(page, 'subscription-timeZone').fill('');
      await testid(page, 'subscription-kind').selectOption('weekly');
      await testid(page, 'subscription-weekday').selectOption('1');
      await testid(page, 'subscription-locale').selectOption('es');
      await testid(page, 'subscription-format-xlsx').uncheck();
      await testid(page, 'subscription-save').click();
      const row = page.locator('[data-testid="subscription-row"]');
      await row.first().waitFor();
      await expect(testid(page, 'subscription-form').count()).resolves.toBe(0);
      const [created] = await subscriptions();
      expect(created).toMatchObject({
        recipientUserId: userIds.branchManager,
        email: EMAIL,
        level: 'branch',
        unitId: 'SH-02',
        schedule: { kind: 'weekly', weekday: 1 },
        formats: ['pdf'],
        locale: 'es',
        currency: 'branch',
        view: 'restated',
        timeZone: null,
        enabled: true,
      });
      expect(await row.count()).toBe(1);
      expect(await row.getAttribute('data-id')).toBe(created!.id);
      expect(await row.locator('[data-testid="subscription-unit-text"]').textContent()).toContain('SH-02');
      expect(await row.locator('[data-testid="subscription-schedule"]').textContent()).toBe(
        await pageText(page, `t.subscriptions.weeklyOn(new Intl.DateTimeFormat('en', { weekday: 'long', timeZone: 'UTC' }).format(Date.UTC(2024, 0, 1)))`),
      );
      expect(await row.locator('[data-testid="subscription-state"]').textContent()).toBe(await pageText(page, 't.subscriptions.active'));
      expect(await row.textContent()).toContain(EMAIL);

      // The same pack again: 409 DUPLICATE_SUBSCRIPTION, said in the form.
      await testid(page, 'new-subscription').click();
      await testid(page, 'subscription-recipientUserId').selectOption(userIds.branchManager!);
      await testid(page, 'subscription-email').fill(EMAIL);
      await testid(page, 'subscription-unit').selectOption('SH-02');
      await testid(page, 'subscription-kind').selectOption('weekly');
      await testid(page, 'subscription-weekday').selectOption('1');
      await testid(page, 'subscription-save').click();
      const duplicate = await pageText(page, 't.errors.DUPLICATE_SUBSCRIPTION');
      await expectEventually(async () => expect(await testid(page, 'form-error').textContent()).toBe(duplicate), { timeoutMs: 10_000 });
      expect(await subscriptions()).toHaveLength(1);
      await testid(page, 'subscription-cancel').click();

      // The scheduler plans the next Monday's delivery (its "now" a week and a day ahead): the log shows it queued.
      const planned = await platform.app.get(PackDeliveryScheduler).plan(new Date(Date.now() + 8 * 86_400_000));
      expect(planned).toBe(1);
      await row.locator('[data-testid="subscription-log"]').click();
      const logRow = page.locator(`[data-testid="delivery-row"][data-subscription="${created!.id}"]`);
      await logRow.waitFor();
      expect(await logRow.getAttribute('data-status')).toBe('queued');
      expect(await logRow.locator('[data-testid="delivery-status"]').textContent()).toBe(await pageText(page, 't.subscriptions.status.queued'));
      expect(await logRow.locator('[data-testid="delivery-attempts"]').textContent()).toBe('0');
      await page.screenshot({ path: join(platform.artifacts, 'dashboard-subscriptions.png'), fullPage: true });

      // Pause, then resume.
      await row.locator('[data-testid="subscription-toggle"]').click();
      await page.locator('[data-testid="subscription-row"][data-enabled="false"]').waitFor();
      expect(await row.locator('[data-testid="subscription-state"]').textContent()).toBe(await pageText(page, 't.subscriptions.pausedState'));
      expect((await subscriptions())[0]?.enabled).toBe(false);
      await row.locator('[data-testid="subscription-toggle"]').click();
      await page.locator('[data-testid="subscription-row"][data-enabled="true"]').waitFor();
      expect((await subscriptions())[0]?.enabled).toBe(true);

      // Cancel: asked once more in the row; "keep" leaves it.
      await row.locator('[data-testid="subscription-delete"]').click();
      await row.locator('[data-testid="subscription-delete-keep"]').click();
      expect(await subscriptions()).toHaveLength(1);
      await row.locator('[data-testid="subscription-delete"]').click();
      await row.locator('[data-testid="subscription-delete-confirm"]').click();
      await testid(page, 'subscriptions-empty').waitFor();
      expect(await subscriptions()).toEqual([]);
      // Its queued delivery is failed, with the reason in the page's language.
      const failed = page.locator(`[data-testid="delivery-row"][data-subscription="${created!.id}"][data-status="failed"]`);
      await failed.waitFor();
      expect(await failed.locator('[data-testid="delivery-reason"]').innerText()).toContain(await pageText(page, 't.errors.SUBSCRIPTION_DELETED'));
      expect((await deliveries(created!.id))[0]).toMatchObject({ status: 'failed', lastError: expect.stringMatching(/^SUBSCRIPTION_DELETED:/) as unknown });

      // Every change recorded under the signed-in user.
      const audit = (await platform.app.get(AuditLog).latest()).filter((entry) => entry.target === created!.id).reverse();
      expect(audit.every((entry) => entry.actor === userIds.headOffice)).toBe(true);
      expect(audit.map((entry) => entry.action)).toEqual([
        'pack-subscription.created',
        'pack-subscription.updated',
        'pack-subscription.updated',
        'pack-subscription.deleted',
      ]);
    } finally {
      await context.close();
    }
  }, 180_000);

  it('refuses a branch manager, in their language', async () => {
    const { context, page } = await open('zh-CN');
    try {
      await page.goto(`${platform.baseUrl}/`);
      await signIn(page, USERS.branchManager.username, USERS.branchManager.password);
      await page.waitForURL((url) => url.hash.startsWith('#/branch/SH-02'));
      await expect(testid(page, 'nav-subscriptions').isHidden()).resolves.toBe(true);
      await page.goto(`${platform.baseUrl}/#/subscriptions`);
      const notice = page.locator('[data-testid="notice"][data-kind="forbidden"][data-code="ROLE_FORBIDDEN"]');
      await notice.waitFor();
      expect(await testid(page, 'notice-title').textContent()).toBe(await pageText(page, 't.forbiddenTitle'));
      expect(await testid(page, 'notice-text').textContent()).toBe(await pageText(page, 't.roleForbidden'));
      expect(await testid(page, 'notice-text').textContent()).toMatch(/\p{Script=Han}/u);
      await expect(testid(page, 'subscriptions-page').isHidden()).resolves.toBe(true);
      // The API says the same to their session.
      const answers = await page.evaluate<
        { status: number; code: string }[]
      >(`Promise.all(['/api/v1/pack-subscriptions', '/api/v1/pack-deliveries'].map((path) =>
        fetch(path, { headers: { authorization: 'Bearer ' + sessionStorage.getItem('dealer-kpi.token') } }).then(async (r) => ({ status: r.status, code: (await r.json()).code }))))`);
      expect(answers).toEqual([
        { status: 403, code: 'ROLE_FORBIDDEN' },
        { status: 403, code: 'ROLE_FORBIDDEN' },
      ]);
      await page.screenshot({ path: join(platform.artifacts, 'dashboard-subscriptions-forbidden-zh-CN.png'), fullPage: true });
    } finally {
      await context.close();
    }
  }, 120_000);
});
