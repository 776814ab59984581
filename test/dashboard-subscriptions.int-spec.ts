/**
 * Head office's Pack subscriptions page (issue #19 item 5) in headless Chromium, over the real
 * platform (Postgres, Kafka, embedded ClickHouse) and an organisation written through the real
 * commands: head office signs in with the dashboard's form, is refused a subscription the API
 * refuses (the recipient may not see the branch: 422 RECIPIENT_OUT_OF_SCOPE; an unknown time zone:
 * 400 on its field; the same pack twice: 409 DUPLICATE_SUBSCRIPTION), each shown by its field in
 * the page's language; creates one and sees it listed; sees the delivery the scheduler plans for it
 * in the delivery log; pauses, resumes and cancels it (the queued delivery then failed with its
 * reason); every change audited under the signed-in user. Edits one (prefilled, a refusal on its
 * field, the change listed and in GET), and is refused (If-Match) an edit, a pause and a
 * cancellation of a subscription changed through the API behind the page's back: said in the
 * page's language, the list reloaded, the other change kept. The delivery log shows the last one
 * asked when an earlier answer comes later (held back by route interception). A branch manager gets the translated
 * refusal, and the API refuses them too. Screenshots go to test-artifacts/.
 */
import { PackDeliveryScheduler } from '@app/delivery';
import { expectEventually } from '@app/testing';
import { bearerFor } from '@app/auth';
import { AuditLog } from '@app/identity';
import { join } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
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
  /** Clears the page's status line (the next message is then the next change's). */
  const clearStatus = (page: Page) => page.evaluate(`document.querySelector('[data-testid="subscriptions-status"]').textContent = ''`);
  const attributesOf = async (locator: Locator, name: string) => Promise.all((await locator.all()).map(async (node) => (await node.getAttribute(name)) ?? ''));
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

  it('edits a subscription with If-Match: the change listed and in GET; a stale edit, pause or cancel is refused, said and reloaded; the log is the last one asked', async () => {
    const api = platform.http();
    const create = async (body: Record<string, unknown>): Promise<Subscription & { version: number }> =>
      (
        await api
          .post('/api/v1/pack-subscriptions')
          .set(HEAD_OFFICE)
          .send({ recipientUserId: userIds.branchManager, level: 'branch', branchId: 'SH-02', formats: ['pdf', 'xlsx'], locale: 'zh-CN', ...body })
          .expect(201)
      ).body as Subscription & { version: number };
    const one = async (id: string) => {
      const answer = await api.get(`/api/v1/pack-subscriptions/${id}`).set(HEAD_OFFICE).expect(200);
      return { ...(answer.body as Subscription & { version: number; formats: string[]; view: string }), etag: answer.headers.etag as string };
    };
    /** A change behind the page's back (another admin), based on the current version. */
    const changeBehind = async (id: string, change: Record<string, unknown>) => {
      const { etag } = await one(id);
      await api.patch(`/api/v1/pack-subscriptions/${id}`).set(HEAD_OFFICE).set('If-Match', etag).send(change).expect(200);
    };
    const monthly = await create({ email: 'monthly@dealer.example', schedule: { kind: 'monthly', businessDay: 3 } });
    // Another recipient (head office itself), so the log's title tells the two apart.
    const weekly = await create({ recipientUserId: userIds.headOffice, email: 'weekly@dealer.example', schedule: { kind: 'weekly', weekday: 2 } });
    // Both get a delivery in the log.
    expect(await platform.app.get(PackDeliveryScheduler).plan(new Date(Date.now() + 40 * 86_400_000))).toBeGreaterThanOrEqual(2);

    const { context, page } = await open('en-US');
    try {
      await page.goto(`${platform.baseUrl}/#/subscriptions`);
      await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
      const rowOf = (id: string) => page.locator(`[data-testid="subscription-row"][data-id="${id}"]`);
      await rowOf(monthly.id).waitFor();
      await rowOf(weekly.id).waitFor();
      const status = testid(page, 'subscriptions-status');
      const monthlyOn = (day: number) => pageText(page, `t.subscriptions.monthlyOn(${day})`);
      const branchManager = JSON.stringify(`${USERS.branchManager.displayName} (${USERS.branchManager.username})`);
      const headOffice = JSON.stringify(`${USERS.headOffice.displayName} (${USERS.headOffice.username})`);

      // Edit: the form shows what the list showed.
      await rowOf(monthly.id).locator('[data-testid="subscription-edit"]').click();
      const form = page.locator(`[data-testid="subscription-form"][data-mode="edit"][data-id="${monthly.id}"]`);
      await form.waitFor();
      expect(await form.locator('h3').textContent()).toBe(await pageText(page, 't.subscriptions.editSubscription'));
      expect(await testid(page, 'subscription-recipientUserId').inputValue()).toBe(userIds.branchManager);
      expect(await testid(page, 'subscription-email').inputValue()).toBe('monthly@dealer.example');
      expect(await testid(page, 'subscription-level').inputValue()).toBe('branch');
      expect(await testid(page, 'subscription-unit').inputValue()).toBe('SH-02');
      expect(await testid(page, 'subscription-kind').inputValue()).toBe('monthly');
      expect(await testid(page, 'subscription-businessDay').inputValue()).toBe('3');
      expect(await testid(page, 'subscription-locale').inputValue()).toBe('zh-CN');
      expect(await testid(page, 'subscription-currency').inputValue()).toBe('branch');
      await expect(testid(page, 'subscription-format-xlsx').isChecked()).resolves.toBe(true);

      // The API's refusal on its field (an unknown time zone), nothing changed.
      await testid(page, 'subscription-timeZone').fill('Mars/Olympus_Mons');
      await testid(page, 'subscription-save').click();
      const badZone = await pageText(page, 't.subscriptions.rules.timeZone');
      await expectEventually(async () => expect(await fieldError(page, 'timeZone').textContent()).toBe(badZone), { timeoutMs: 10_000 });
      expect(await one(monthly.id)).toMatchObject({ version: monthly.version, timeZone: null });

      // Saved: business day 5, another address, the group's currency, PDF only.
      await testid(page, 'subscription-timeZone').fill('');
      await testid(page, 'subscription-businessDay').fill('5');
      await testid(page, 'subscription-email').fill('monthly.new@dealer.example');
      await testid(page, 'subscription-currency').selectOption('group');
      await testid(page, 'subscription-format-xlsx').uncheck();
      await testid(page, 'subscription-save').click();
      await expectEventually(
        async () => expect(await rowOf(monthly.id).locator('[data-testid="subscription-schedule"]').textContent()).toBe(await monthlyOn(5)),
        {
          timeoutMs: 10_000,
        },
      );
      await expect(testid(page, 'subscription-form').count()).resolves.toBe(0);
      expect(await status.textContent()).toBe(await pageText(page, `t.subscriptions.updated(${branchManager})`));
      expect(await rowOf(monthly.id).textContent()).toContain('monthly.new@dealer.example');
      const edited = await one(monthly.id);
      expect(edited).toMatchObject({
        email: 'monthly.new@dealer.example',
        schedule: { kind: 'monthly', businessDay: 5 },
        currency: 'group',
        formats: ['pdf'],
        level: 'branch',
        unitId: 'SH-02',
        view: 'restated',
        locale: 'zh-CN',
        timeZone: null,
        enabled: true,
        version: monthly.version + 1,
      });
      expect(edited.etag).toBe(`"${monthly.version + 1}"`);
      expect(await rowOf(monthly.id).getAttribute('data-version')).toBe(String(edited.version));

      // A stale edit: someone else moves it to business day 7 while the form is open; saving day 9
      // is refused (If-Match), said, the list reloaded with their change; theirs stays.
      const stale = await pageText(page, `t.subscriptions.stale(${branchManager})`);
      const staleWeekly = await pageText(page, `t.subscriptions.stale(${headOffice})`);
      await rowOf(monthly.id).locator('[data-testid="subscription-edit"]').click();
      await form.waitFor();
      await changeBehind(monthly.id, { schedule: { kind: 'monthly', businessDay: 7 } });
      await testid(page, 'subscription-businessDay').fill('9');
      await testid(page, 'subscription-save').click();
      await expectEventually(async () => expect(await status.textContent()).toBe(stale), { timeoutMs: 10_000 });
      await expectEventually(
        async () => expect(await rowOf(monthly.id).locator('[data-testid="subscription-schedule"]').textContent()).toBe(await monthlyOn(7)),
        {
          timeoutMs: 10_000,
        },
      );
      await expect(testid(page, 'subscription-form').count()).resolves.toBe(0);
      expect(await one(monthly.id)).toMatchObject({
        schedule: { kind: 'monthly', businessDay: 7 },
        email: 'monthly.new@dealer.example',
        version: monthly.version + 2,
      });
      await page.screenshot({ path: join(platform.artifacts, 'dashboard-subscriptions-stale.png'), fullPage: true });

      // The page's own pause while the form is open is not someone else's change: the form saves on top of it.
      await rowOf(monthly.id).locator('[data-testid="subscription-edit"]').click();
      await form.waitFor();
      await rowOf(monthly.id).locator('[data-testid="subscription-toggle"]').click();
      await page.locator(`[data-testid="subscription-row"][data-id="${monthly.id}"][data-enabled="false"]`).waitFor();
      await expectEventually(async () => expect(await form.getAttribute('data-version')).toBe(String(monthly.version + 3)), { timeoutMs: 10_000 });
      await testid(page, 'subscription-businessDay').fill('8');
      await testid(page, 'subscription-save').click();
      await expectEventually(
        async () => expect(await rowOf(monthly.id).locator('[data-testid="subscription-schedule"]').textContent()).toBe(await monthlyOn(8)),
        { timeoutMs: 10_000 },
      );
      expect(await status.textContent()).toBe(await pageText(page, `t.subscriptions.updated(${branchManager})`));
      expect(await one(monthly.id)).toMatchObject({ schedule: { kind: 'monthly', businessDay: 8 }, enabled: false, version: monthly.version + 4 });

      // A stale pause: refused and reloaded, still active; after the reload it pauses.
      await changeBehind(weekly.id, { email: 'weekly.other@dealer.example' });
      await clearStatus(page);
      await rowOf(weekly.id).locator('[data-testid="subscription-toggle"]').click();
      await expectEventually(async () => expect(await status.textContent()).toBe(staleWeekly), { timeoutMs: 10_000 });
      await expectEventually(async () => expect(await rowOf(weekly.id).textContent()).toContain('weekly.other@dealer.example'), { timeoutMs: 10_000 });
      expect(await one(weekly.id)).toMatchObject({ enabled: true, email: 'weekly.other@dealer.example' });
      await rowOf(weekly.id).locator('[data-testid="subscription-toggle"]').click();
      await page.locator(`[data-testid="subscription-row"][data-id="${weekly.id}"][data-enabled="false"]`).waitFor();
      expect((await one(weekly.id)).enabled).toBe(false);

      // A stale cancellation: refused, it stays.
      await changeBehind(weekly.id, { enabled: true });
      await clearStatus(page);
      await rowOf(weekly.id).locator('[data-testid="subscription-delete"]').click();
      await rowOf(weekly.id).locator('[data-testid="subscription-delete-confirm"]').click();
      await expectEventually(async () => expect(await status.textContent()).toBe(staleWeekly), { timeoutMs: 10_000 });
      await page.locator(`[data-testid="subscription-row"][data-id="${weekly.id}"][data-enabled="true"]`).waitFor();
      expect((await one(weekly.id)).enabled).toBe(true);

      // The log is the last one asked: the monthly one's answer held back until the weekly one's
      // shows, then let go; the log still shows the weekly one's under its title.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const monthlyLog = (url: URL) => url.pathname === '/api/v1/pack-deliveries' && url.searchParams.get('subscriptionId') === monthly.id;
      await page.route(monthlyLog, async (route) => {
        await held;
        await route.continue();
      });
      const heldAnswer = page.waitForResponse((response) => monthlyLog(new URL(response.url())));
      await rowOf(monthly.id).locator('[data-testid="subscription-log"]').click();
      await rowOf(weekly.id).locator('[data-testid="subscription-log"]').click();
      const logTable = testid(page, 'delivery-log-table');
      await logTable.locator(`tbody[data-subscription="${weekly.id}"] [data-testid="delivery-row"]`).first().waitFor();
      release();
      await heldAnswer;
      // The held answer's body read and its rendering (had it been rendered) done.
      await page.waitForTimeout(500);
      await page.unroute(monthlyLog);
      const shown = await attributesOf(logTable.locator('[data-testid="delivery-row"]'), 'data-subscription');
      expect(shown.length).toBeGreaterThan(0);
      expect(new Set(shown)).toEqual(new Set([weekly.id]));
      expect(await logTable.locator('tbody').getAttribute('data-subscription')).toBe(weekly.id);
      expect(await page.locator('[data-testid="delivery-log"] h3').textContent()).toBe(await pageText(page, `t.subscriptions.logOf(${headOffice})`));
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
