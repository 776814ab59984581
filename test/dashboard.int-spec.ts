/**
 * The web dashboard end to end in headless Chromium (Debian's `chromium`, driven by
 * playwright-core; no browser download): the platform over real Postgres, the Kafka broker and
 * embedded ClickHouse, data written through the real commands, then users created through the API
 * sign in with the dashboard's form (never a pasted token): head office drills from the group to
 * a region and a branch, switches to Chinese, downloads the branch's monthly summary and creates a
 * user on the Users page; a branch manager is refused a branch outside their scope with a
 * translated message and signs out; a wrong password, an ended and a revoked session send the
 * browser back to the form. Screenshots go to test-artifacts/.
 */
import { bearerFor, tokenFor } from '@app/auth';
import { kpiLabel } from '@app/kpi';
import { expectEventually } from '@app/testing';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { cny, launchChromium, month, seedDealerGroup, signIn, startPlatform, TestPlatform, watchPage } from './support/dashboard-browser';

/** The last complete month: the one a branch manager's pack is about. */
const FOCUS = month(-1);
/** Users of the dashboard, created through the API before the browser opens. */
const USERS = {
  headOffice: { username: 'hu.hong', displayName: 'Hu Hong', role: 'head-office', branches: [] as string[], password: 'correct horse battery' },
  branchManager: { username: 'wang.fang', displayName: '王芳', role: 'branch-manager', branches: ['SH-02'], password: 'SH-02 manager pass' },
} as const;

describe('web dashboard in headless Chromium', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: Error[] = [];
  const http = () => platform.http();
  const post = (path: string) => platform.post(path);
  /** Head office's reads of the users (a development token). */
  const HEAD_OFFICE = bearerFor('head-office', { subject: 'ho-seed' });
  /** Script errors, and anything the Content-Security-Policy refuses, fail the test. */
  const watch = (target: Page) => watchPage(target, pageErrors);

  beforeAll(async () => {
    platform = await startPlatform('dashboard');
    await seedDealerGroup(post, FOCUS);

    const auth = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-e2e' })}` };
    await expectEventually(
      async () => {
        const card = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'branch' }).set(auth).expect(200);
        const figures = Object.fromEntries(
          (card.body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows.map((r) => [r.unitId, r.figures]),
        );
        expect(figures['SH-01']?.units_delivered?.value).toBe('2');
        expect(figures['SH-01']?.service_revenue?.value).toBe('2100.00');
        expect(figures['SH-01']?.csi_service?.value).toBe('80.00');
        expect(figures['BJ-01']?.units_delivered?.value).toBe('1');
        expect(figures['SH-02']?.units_delivered?.value).toBe('1');
      },
      { timeoutMs: 90_000 },
    );

    // Head office closes the month; then a late delivery (a DMS syncing late) restates it.
    await post(`/api/v1/org/periods/${FOCUS}/close`).send({ reason: 'monthly close' }).expect(201);
    await expectEventually(
      async () => {
        const series = await http().get('/api/v1/kpis/revenue').query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' }).set(auth).expect(200);
        expect((series.body as { points: { closed: unknown }[] }).points[0]?.closed).not.toBeNull();
      },
      { timeoutMs: 60_000 },
    );
    await post('/api/v1/sales/vehicle-sales/VS-LATE/delivery')
      .send({
        branchId: 'SH-01',
        orderId: 'O-LATE',
        vin: 'LSVAU2180N2189999',
        model: 'Lavida 1.5L',
        condition: 'new',
        consultantId: 'E-1',
        invoice: cny('10000.00'),
        cost: cny('9000.00'),
        occurredAt: `${FOCUS}-20T03:00:00Z`,
      })
      .expect(201);
    await expectEventually(
      async () => {
        const series = await http().get('/api/v1/kpis/revenue').query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' }).set(auth).expect(200);
        expect((series.body as { points: { value: string; closed: { asClosed: { value: string } } }[] }).points[0]).toMatchObject({
          value: '386100.00',
          closed: { asClosed: { value: '376100.00' } },
        });
      },
      { timeoutMs: 60_000 },
    );
    // The monthly summary and the scorecard read the KPI month roll-up, which trails the facts by a
    // refresher round: wait until it holds the late delivery too before the browser reads the pages.
    await expectEventually(
      async () => {
        const card = await http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'branch' }).set(auth).expect(200);
        const row = (card.body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows.find((r) => r.unitId === 'SH-01');
        expect(row?.figures.units_delivered?.value).toBe('3');
      },
      { timeoutMs: 60_000 },
    );

    // The people who sign in, created through head office's user API.
    for (const user of Object.values(USERS)) {
      await post('/api/v1/users')
        .send({ username: user.username, displayName: user.displayName, role: user.role, regions: [], branches: user.branches, password: user.password })
        .expect(201);
    }

    browser = await launchChromium();
    context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    watch(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    // A script error in the page (a Content-Security-Policy violation included) fails the test that caused it.
    const errors = pageErrors.splice(0);
    expect(errors).toEqual([]);
  });

  const text = (testid: string) => page.locator(`[data-testid="${testid}"]`);
  const attributes = async (selector: string, name: string) => Promise.all((await page.locator(selector).all()).map((node) => node.getAttribute(name)));
  const tile = (kpiId: string) => page.locator(`[data-testid="kpi-tile"][data-kpi="${kpiId}"]`);

  const storedToken = (target: Page = page) => target.evaluate("sessionStorage.getItem('dealer-kpi.token')");

  it('signs in with the form and shows the group: KPI tiles, a 24-month trend and the league tables', async () => {
    await page.goto(`${platform.baseUrl}/#/group?period=${FOCUS}`);
    await text('sign-in-form').waitFor();
    // A password form, no token to paste anywhere.
    expect(await page.locator('textarea').count()).toBe(0);
    expect(await text('oidc').isVisible()).toBe(false);
    await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
    await page.locator('[data-testid="league-row"]').first().waitFor();

    expect(await text('who').textContent()).toBe('Head office · Hu Hong');
    expect(await text('nav-users').isVisible()).toBe(true);
    expect(await attributes('[data-testid="kpi-tile"]', 'data-kpi')).toEqual([
      'revenue',
      'units_delivered',
      'service_revenue',
      'per_vehicle_yield',
      'rework_rate',
      'csi_service',
    ]);
    expect(await tile('units_delivered').locator('[data-testid="tile-value"]').textContent()).toBe('5');
    const trend = text('trend-chart');
    expect(await trend.getAttribute('data-points')).toBe('13');
    expect(await trend.locator('canvas').count()).toBeGreaterThan(0);
    const regions = await attributes('[data-testid="league-region"] [data-testid="league-row"]', 'data-unit');
    expect(regions.sort()).toEqual(['EAST', 'NORTH']);
    const branches = page.locator('[data-testid="league-branch"] [data-testid="league-row"]');
    expect(await branches.count()).toBe(3);
    // The league tables download as the page shows them (docs/adr/0024-table-exports.md): the same request with format.
    const [csv] = await Promise.all([page.waitForEvent('download'), text('league-branch-download-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`scorecard-branch-${FOCUS}-group-en.csv`);
    const csvText = readFileSync(await csv.path(), 'utf8');
    expect(csvText.startsWith('\uFEFFUnit id,Unit,')).toBe(true);
    expect(csvText.trim().split('\r\n')).toHaveLength(1 + 3);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), text('league-region-download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`scorecard-region-${FOCUS}-group-en.xlsx`);
    const regionBook = new ExcelJS.Workbook();
    await regionBook.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    expect(regionBook.worksheets[0]!.rowCount).toBe(1 + 2);
    // The session's token stays in this tab's session storage: not in the address, not in a cookie.
    expect(await storedToken()).toMatch(/^ey/);
    expect(page.url()).not.toContain('eyJ');
    expect(await context.cookies()).toEqual([]);
    // The group's monthly pack (docs/adr/0027-region-and-group-packs.md), in the page's currency, downloadable as the branch's.
    const groupPack = page.locator('[data-testid="monthly-summary"][data-unit="group"]');
    await groupPack.waitFor();
    // Five restated, four as the closed month was closed (SH-01's delivery recorded after the close).
    expect((await groupPack.locator('tr[data-kpi="units_delivered"] td').allTextContents())[2]).toBe('5As closed: 4');
    const [packPdf] = await Promise.all([page.waitForEvent('download'), groupPack.locator('[data-testid="download-pdf"]').click()]);
    expect(
      readFileSync(await packPdf.path())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-group.png'), fullPage: true });
  });

  it('drills from the group into a region and a branch, with attainment and provisional markers', async () => {
    await page.locator('[data-testid="league-region"] [data-testid="league-row"][data-unit="EAST"] a').click();
    await page.waitForURL((url) => url.hash.startsWith('#/region/EAST'));
    await expectEventually(async () => expect(await page.locator('[data-testid="league-branch"] [data-testid="league-row"]').count()).toBe(2), {
      timeoutMs: 30_000,
    });
    expect(await text('unit-title').textContent()).toContain('East China');
    expect(await text('crumb-region').textContent()).toBe('East China');

    await page.locator('[data-testid="league-row"][data-unit="SH-01"]').click();
    await page.waitForURL((url) => url.hash.startsWith('#/branch/SH-01'));
    await page.locator('[data-testid="monthly-summary"][data-unit="SH-01"]').waitFor();
    expect(await text('unit-title').textContent()).toContain('Shanghai Pudong 4S (SH-01)');
    expect(await text('crumb-group').getAttribute('href')).toContain('#/group');
    // Revenue, restated: three deliveries (one after the close) plus the service revenue, against a quota of 400,000.00.
    const revenue = tile('revenue');
    const revenueValue = revenue.locator('[data-testid="tile-value"]');
    expect(await revenueValue.getAttribute('title')).toBe('386,100.00');
    expect(await revenue.locator('[data-testid="tile-attainment"]').textContent()).toBe('96.5%');
    expect(await revenue.locator('.tile-note').textContent()).toBe('As closed 376,100.00');
    expect(await tile('units_delivered').locator('[data-testid="tile-attainment"]').textContent()).toBe('150.0%');

    // The frozen figures of the close, then back; and the branch's own currency.
    await text('view-select').selectOption('as-closed');
    await revenue.locator('[data-testid="tile-value"][title="376,100.00"]').waitFor();
    expect(await revenue.locator('[data-testid="tile-attainment"]').textContent()).toBe('94.0%');
    expect(page.url()).toContain('view=as-closed');
    await text('view-select').selectOption('restated');
    await revenue.locator('[data-testid="tile-value"][title="386,100.00"]').waitFor();
    await text('currency-select').selectOption('branch');
    await page.waitForURL((url) => url.hash.includes('currency=branch'));
    await revenue.locator('[data-testid="tile-value"][title="386,100.00"]').waitFor();
    expect(await revenue.locator('.tile-unit').textContent()).toBe('CNY');
    // CSI of last month waits for late surveys: provisional, and marked so.
    const series = await http()
      .get('/api/v1/kpis/csi_service')
      .query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-01' })
      .set({ authorization: `Bearer ${await tokenFor('head-office')}` })
      .expect(200);
    expect((series.body as { points: { provisional: boolean }[] }).points[0]?.provisional).toBe(true);
    expect(await tile('csi_service').locator('[data-testid="provisional-badge"]').count()).toBe(1);
    expect(await tile('units_delivered').locator('[data-testid="provisional-badge"]').count()).toBe(0);
    expect(await page.locator('[data-testid="monthly-summary"] tr[data-kpi="units_delivered"] td').allTextContents()).toEqual(
      expect.arrayContaining([kpiLabel('units_delivered', 'en'), '2', '150.0%']),
    );
  });

  it('switches every label to Chinese and downloads the monthly summary as PDF and Excel', async () => {
    await text('locale-select').selectOption('zh-CN');
    await tile('revenue')
      .locator('.tile-label', { hasText: kpiLabel('revenue', 'zh-CN') })
      .waitFor();
    expect(await page.locator('h1').textContent()).toBe('经营指标看板');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    // The monthly summary and its buttons re-render after their own request: wait for them.
    await page.locator('[data-testid="monthly-summary"] tr.band th', { hasText: '整车销售' }).first().waitFor();
    await text('download-pdf').filter({ hasText: '下载 PDF' }).waitFor();
    expect(await text('download-pdf').textContent()).toBe('下载 PDF');
    expect(await text('crumb-group').textContent()).toBe('集团');
    expect(await page.locator('[data-testid="monthly-summary"] tr.band th').allTextContents()).toContain('整车销售');
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-branch-zh-CN.png'), fullPage: true });

    const [pdf] = await Promise.all([page.waitForEvent('download'), text('download-pdf').click()]);
    expect(pdf.suggestedFilename()).toBe(`SH-01-${FOCUS}-zh-CN.pdf`);
    const pdfBytes = readFileSync(await pdf.path());
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfBytes.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);

    const [xlsx] = await Promise.all([page.waitForEvent('download'), text('download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`SH-01-${FOCUS}-zh-CN.xlsx`);
    const xlsxBytes = readFileSync(await xlsx.path());
    expect(xlsxBytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxBytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    let units: ExcelJS.Row | undefined;
    sheet.eachRow((row) => {
      if (row.getCell(1).value === kpiLabel('units_delivered', 'zh-CN')) units = row;
    });
    expect(units?.getCell(3).value).toBe(3);
    expect(units?.getCell(4).value).toBe(2);
    expect(units?.getCell(11).value).toBe(2); // as closed

    const [csv] = await Promise.all([page.waitForEvent('download'), text('download-csv').click()]);
    expect(readFileSync(await csv.path(), 'utf8')).toContain(`SH-01,${FOCUS},整车销售,units_delivered,`);
  });

  it('signs head office out and a branch manager in: their monthly summary, the group shown but not linked', async () => {
    // Chinese stays chosen from the test before (kept in this browser).
    await text('sign-out').click();
    await text('sign-in-form').waitFor();
    expect(await text('sign-in-message').textContent()).toBe('您已退出登录。');
    expect(await storedToken()).toBeNull();
    expect(await text('username').getAttribute('autocomplete')).toBe('username');

    await signIn(page, USERS.branchManager.username, USERS.branchManager.password);
    await page.waitForURL((url) => url.hash.startsWith('#/branch/SH-02'));
    await page.locator('[data-testid="monthly-summary"][data-unit="SH-02"]').waitFor();
    expect(await text('unit-title').textContent()).toContain('(SH-02)');
    expect(await text('who').textContent()).toBe('门店总经理 · 王芳');
    expect(await text('nav-users').isVisible()).toBe(false);
    // The group is not theirs: shown, not linked.
    expect(await page.locator('span[data-testid="crumb-group"]').count()).toBe(1);
    expect(await attributes('[data-testid="league-row"]', 'data-unit')).toEqual(['SH-02']);
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-branch-manager.png'), fullPage: true });
  });

  /** Every visible text of the page's header and content (not the language names of the picker). */
  const visibleText = (): Promise<string> =>
    page.evaluate(`['.brand', '#account', '#pages', '#notice', '#sign-in', '#dashboard', '#users', '[data-testid="error"]']
      .map((selector) => document.querySelector(selector))
      .filter((node) => node && node.offsetParent !== null)
      .map((node) => node.innerText)
      .join('\\n')`);

  it('refuses the branch manager a branch outside their scope with a translated message (zh-CN, es), then signs out', async () => {
    await page.goto(`${platform.baseUrl}/#/branch/BJ-01?period=${FOCUS}`);
    const notice = text('notice');
    await notice.waitFor();
    expect(await notice.getAttribute('data-kind')).toBe('forbidden');
    expect(await notice.getAttribute('data-code')).toBe('OUT_OF_SCOPE');
    expect(await text('notice-title').textContent()).toBe('无权访问');
    expect(await text('notice-text').textContent()).toBe('该门店或区域不在您的权限范围内。');
    expect(await page.locator('#dashboard').isVisible()).toBe(false);
    const zh = await visibleText();
    expect(zh).not.toContain('加载中');
    // No English left: the only Latin letters are the branch's id.
    expect(zh.replace(/BJ-01/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-forbidden-zh-CN.png'), fullPage: true });

    // Their own page is one click away.
    expect(await text('notice-home').getAttribute('href')).toContain('#/branch/SH-02');

    await text('locale-select').selectOption('es');
    await notice.locator('[data-testid="notice-text"]', { hasText: 'Este concesionario o región no está en su ámbito de acceso.' }).waitFor();
    expect(await text('notice-title').textContent()).toBe('Acceso denegado');
    const es = await visibleText();
    for (const english of ['outside', 'scope', 'Loading', 'forbidden', 'Sign out', 'Branch manager']) expect(es).not.toContain(english);
    expect(es).toContain('Gerente de concesionario · 王芳');

    // The users page is head office's: refused the same way.
    await page.goto(`${platform.baseUrl}/#/users`);
    await notice.locator('[data-testid="notice-text"]', { hasText: 'Su función no permite usar esta página ni hacer esta operación.' }).waitFor();
    expect(await notice.getAttribute('data-code')).toBe('ROLE_FORBIDDEN');

    await text('sign-out').click();
    await text('sign-in-form').waitFor();
    expect(await text('sign-in-message').textContent()).toBe('Ha cerrado la sesión.');
    expect(await storedToken()).toBeNull();
    expect(await page.locator('#notice').isVisible()).toBe(false);
  });

  it('tells a wrong password apart in the page language, and keeps the form', async () => {
    await signIn(page, USERS.branchManager.username, 'not the password at all');
    await text('sign-in-message').filter({ hasText: 'El usuario o la contraseña no son correctos.' }).waitFor();
    expect(await storedToken()).toBeNull();
    expect(await text('password').inputValue()).toBe('');
    await text('locale-select').selectOption('zh-CN');
    expect(await text('sign-in-message').textContent()).toBe('用户名或密码不正确。');
    expect(await text('sign-in-submit').textContent()).toBe('登录');
  });

  it('lets head office create a user on the Users page, who then signs in', async () => {
    await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
    await text('nav-users').click();
    await page.waitForURL((url) => url.hash === '#/users');
    await page.locator('[data-testid="user-row"][data-username="wang.fang"]').waitFor();
    expect(await page.locator('[data-testid="user-row"][data-username="wang.fang"] [data-testid="user-role-label"]').textContent()).toBe('门店总经理');

    await text('new-user').click();
    const form = text('user-form');
    // A username already taken: the API's 409 shows by the username field, translated.
    await form.locator('[data-testid="user-username"]').fill('wang.fang');
    await form.locator('[data-testid="user-displayName"]').fill('李伟');
    await form.locator('[data-testid="user-role"]').selectOption('sales-staff');
    await form.locator('[data-testid="user-branches"] input[value="SH-01"]').check();
    // The employee the consultant's account is linked to (their own calls and visits): checked here too.
    await form.locator('[data-testid="user-employeeId"]').fill('E LI/WEI');
    await form.locator('[data-testid="user-password"]').fill('short');
    await form.locator('[data-testid="user-save"]').click();
    await form.locator('[data-testid="field-error"][data-field="password"]', { hasText: '至少 12 个字符。' }).waitFor();
    await form.locator('[data-testid="field-error"][data-field="employeeId"]', { hasText: '请使用 1 至 64 个字母、数字或 . _ -。' }).waitFor();
    await form.locator('[data-testid="user-employeeId"]').fill('E-LI-WEI');
    await form.locator('[data-testid="user-password"]').fill('li wei sells cars');
    await form.locator('[data-testid="user-save"]').click();
    await form.locator('[data-testid="field-error"][data-field="username"]', { hasText: '已被使用，请换一个。' }).waitFor();
    expect(await form.locator('[data-testid="field-error"][data-field="password"]').isVisible()).toBe(false);
    await form.locator('[data-testid="user-username"]').fill('li.wei');
    await form.locator('[data-testid="user-save"]').click();
    await text('users-status').filter({ hasText: '已创建用户 li.wei。' }).waitFor();
    const row = page.locator('[data-testid="user-row"][data-username="li.wei"]');
    await row.waitFor();
    expect(await row.locator('[data-testid="user-role-label"]').textContent()).toBe('销售顾问');
    expect(await row.locator('td').nth(3).textContent()).toBe('SH-01');
    const listed = (await http().get('/api/v1/users').set(HEAD_OFFICE).expect(200)).body as { username: string; employeeId: string | null }[];
    expect(listed.find((user) => user.username === 'li.wei')?.employeeId).toBe('E-LI-WEI');
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-users-zh-CN.png'), fullPage: true });

    // The new user signs in, in a browser of their own, and lands on their branch.
    const other = await browser.newContext({ locale: 'es-ES', viewport: { width: 1280, height: 900 } });
    const theirs = await other.newPage();
    watch(theirs);
    try {
      await theirs.goto(`${platform.baseUrl}/`);
      await signIn(theirs, 'li.wei', 'li wei sells cars');
      await theirs.waitForURL((url) => url.hash.startsWith('#/branch/SH-01'));
      await theirs.locator('[data-testid="monthly-summary"]').waitFor();
      expect(await theirs.locator('[data-testid="who"]').textContent()).toBe('Personal de ventas · 李伟');

      // Head office ends their sessions: their next request sends them back to the form.
      await row.locator('[data-testid="user-revoke-sessions"]').click();
      await text('users-status').filter({ hasText: '已结束 li.wei 的全部登录会话。' }).waitFor();
      await theirs.locator('[data-testid="currency-select"]').selectOption('branch');
      await theirs.locator('[data-testid="sign-in-form"]').waitFor();
      expect(await theirs.locator('[data-testid="sign-in-message"]').textContent()).toBe('Su sesión ha caducado o se ha cerrado. Vuelva a entrar.');
      expect(await storedToken(theirs)).toBeNull();
    } finally {
      await other.close();
    }

    // A password reset: too short is refused by the field; then done, and the user disabled.
    await row.locator('[data-testid="user-reset-password"]').click();
    const reset = text('password-form');
    await reset.locator('[data-testid="new-password"]').fill('li.wei');
    await reset.locator('[data-testid="password-save"]').click();
    await reset.locator('[data-testid="field-error"][data-field="password"]', { hasText: '至少 12 个字符。' }).waitFor();
    await reset.locator('[data-testid="new-password"]').fill('a new password for li');
    await reset.locator('[data-testid="password-save"]').click();
    await text('users-status').filter({ hasText: '已重置 li.wei 的密码，其现有会话已结束。' }).waitFor();
    await row.locator('[data-testid="user-toggle"]').click();
    await row.locator('[data-testid="user-status"]', { hasText: '已停用' }).waitFor();
    await http().post('/api/v1/auth/sign-in').send({ username: 'li.wei', password: 'a new password for li' }).expect(401);

    // An integration account: its secret is shown once and works at the token endpoint.
    await text('new-integration').click();
    const integration = text('integration-form');
    await integration.locator('[data-testid="integration-clientId"]').fill('dms-sh01');
    await integration.locator('[data-testid="integration-name"]').fill('DMS 浦东');
    await integration.locator('[data-testid="integration-branches"] input[value="SH-01"]').check();
    await integration.locator('[data-testid="integration-contexts"] input[value="sales"]').check();
    await integration.locator('[data-testid="integration-save"]').click();
    const secret = await text('integration-client-secret').textContent();
    expect(secret).toBeTruthy();
    await page.locator('[data-testid="integration-row"][data-client-id="dms-sh01"]').waitFor();
    await http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'dms-sh01', client_secret: secret }).expect(200);
    await page.locator('[data-testid="integration-row"][data-client-id="dms-sh01"] [data-testid="integration-revoke"]').click();
    await text('users-status').filter({ hasText: '已吊销 dms-sh01。' }).waitFor();
    expect(await text('integration-secret').isVisible()).toBe(false);
    await http().post('/api/v1/auth/token').send({ grant_type: 'client_credentials', client_id: 'dms-sh01', client_secret: secret }).expect(401);
  });

  it('sends a session that has ended, or a token that is not valid, back to the form with a message', async () => {
    // The session's end has passed (the tab slept through it).
    await page.evaluate("sessionStorage.setItem('dealer-kpi.expires-at', String(Date.now() - 1000))");
    await page.reload();
    await text('sign-in-form').waitFor();
    expect(await text('sign-in-message').textContent()).toBe('登录已过期或已被结束，请重新登录。');
    expect(await storedToken()).toBeNull();

    await page.evaluate("sessionStorage.setItem('dealer-kpi.token', 'not-a-token')");
    await page.reload();
    await text('sign-in-form').waitFor();
    await text('sign-in-message').filter({ hasText: '登录已过期或已被结束，请重新登录。' }).waitFor();
    expect(await storedToken()).toBeNull();
  });
});
