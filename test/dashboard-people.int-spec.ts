/**
 * The dashboard's People page (issue #19, item 3) in headless Chromium over the real platform:
 * consultants and technicians with their own (grain person) targets. A branch manager sees their
 * branch's consultants with quota, stretch, attainment and ranks within branch and region, as
 * closed and restated (a late delivery after the month's close), downloads the table as Excel and
 * CSV, reads the page in Chinese and Spanish with no English left, and is refused another branch
 * in the page; head office reads a region's technicians (listed with nothing sold in a month without
 * repairs) and an empty table. Screenshots go to
 * test-artifacts/.
 */
import { tokenFor } from '@app/auth';
import { expectEventually } from '@app/testing';
import ExcelJS from 'exceljs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { launchChromium, month, seedOrganisation, signIn, startPlatform, TestPlatform, vatMoney } from './support/dashboard-browser';

const FOCUS = month(-1);
const EARLIER = month(-4);
const EMPLOYEES = [
  ['E-11', 'SH-01', 'sales', 'sales_consultant'],
  ['E-21', 'SH-02', 'sales', 'sales_consultant'],
  ['E-22', 'SH-02', 'sales', 'sales_consultant'],
  ['SA-1', 'SH-01', 'service', 'service_advisor'],
  ['SA-3', 'BJ-01', 'service', 'service_advisor'],
  ['T-1', 'SH-01', 'service', 'technician'],
  ['T-2', 'SH-01', 'service', 'technician'],
  ['T-3', 'BJ-01', 'service', 'technician'],
] as const;
const USERS = {
  headOffice: { username: 'hu.hong', displayName: 'Hu Hong', role: 'head-office', branches: [] as string[], password: 'correct horse battery' },
  branchManager: { username: 'wang.fang', displayName: '王芳', role: 'branch-manager', branches: ['SH-02'], password: 'SH-02 manager pass' },
} as const;

interface LeagueBody {
  rows: {
    personId: string;
    rankInBranch: number | null;
    rankInRegion: number | null;
    figures: Record<string, { value: string | null; quota: { value: string } | null }>;
  }[];
}

describe('dashboard: the People page (Chromium)', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let page: Page;
  let auth: Record<string, string>;
  const pageErrors: Error[] = [];
  const post = (path: string) => platform.post(path);
  const league = async (table: string, query: Record<string, string>) =>
    (
      await platform
        .http()
        .get(`/api/v1/league-tables/${table}`)
        .query({ period: FOCUS, ...query })
        .set(auth)
        .expect(200)
    ).body as LeagueBody;
  const person = (body: LeagueBody, id: string) => body.rows.find((r) => r.personId === id);

  let vin = 0;
  /** An order signed and delivered: a delivery is credited to the consultant of the order it fulfils. */
  const deliver = async (branchId: string, consultantId: string, net: string, day: string) => {
    vin += 1;
    await post(`/api/v1/sales/vehicle-sales/VS-${vin}/order`)
      .send({
        branchId,
        orderId: `O-${vin}`,
        model: 'Lavida 1.5L',
        condition: 'new',
        listPrice: vatMoney('CNY', net),
        transactionPrice: vatMoney('CNY', net),
        deposit: vatMoney('CNY', '0.00'),
        finance: 'cash',
        consultantId,
        customerId: `CU-${vin}`,
        occurredAt: `${FOCUS}-${day}T01:00:00Z`,
      })
      .expect(201);
    await post(`/api/v1/sales/vehicle-sales/VS-${vin}/delivery`)
      .send({
        branchId,
        orderId: `O-${vin}`,
        vin: `LSVAU2180N${String(2180000 + vin).padStart(7, '0')}`,
        model: 'Lavida 1.5L',
        condition: 'new',
        consultantId,
        invoice: vatMoney('CNY', net),
        cost: vatMoney('CNY', `${Number.parseInt(net, 10) - 12000}.00`),
        customerId: `CU-${vin}`,
        occurredAt: `${FOCUS}-${day}T03:00:00Z`,
      })
      .expect(201);
  };
  const target = (employeeId: string, kpi: string, kind: string, value: string, unit: string) =>
    post('/api/v1/org/targets').send({ kpi, periodKind: 'month', period: FOCUS, grain: 'person', grainId: employeeId, kind, value, unit }).expect(201);

  async function repairOrder(ro: string, branchId: string, advisorId: string, lines: [string, string][]): Promise<void> {
    const base = `/api/v1/workshop/repair-orders/${ro}`;
    await post(base)
      .send({
        branchId,
        intakeVisitId: `V-${ro}`,
        vin: 'LSVAU2180N2183294',
        mileageKm: 42000,
        advisorId,
        jobType: 'repair',
        payer: 'customer',
        occurredAt: `${FOCUS}-03T01:00:00Z`,
      })
      .expect(201);
    for (const [i, [technicianId, soldHours]] of lines.entries()) {
      await post(`${base}/labour-lines`)
        .send({
          branchId,
          lineId: `L${i + 1}`,
          category: 'mechanical',
          soldHours,
          clockedHours: soldHours,
          rate: '300.00',
          technicianId,
          payer: 'customer',
          amount: vatMoney('CNY', `${Number(soldHours) * 300}.00`),
          occurredAt: `${FOCUS}-03T03:00:00Z`,
        })
        .expect(201);
    }
    await post(`${base}/closure`)
      .send({ branchId, occurredAt: `${FOCUS}-04T08:00:00Z` })
      .expect(201);
  }

  beforeAll(async () => {
    platform = await startPlatform('dashboard_people', 'dp');
    await seedOrganisation(post);
    for (const [employeeId, branchId, department, role] of EMPLOYEES) {
      await post(`/api/v1/org/employees/${employeeId}/assignments`).send({ branchId, department, role, effectiveFrom: '2024-01-01' }).expect(201);
    }
    // Consultants: E-21 two cars, E-22 one (SH-02); E-11 one (SH-01, the same region).
    await deliver('SH-02', 'E-21', '200000.00', '10');
    await deliver('SH-02', 'E-21', '180000.00', '11');
    await deliver('SH-02', 'E-22', '150000.00', '12');
    await deliver('SH-01', 'E-11', '160000.00', '12');
    // Technicians: T-1 5.00 h and T-2 1.50 h at SH-01; T-3 4.00 h at BJ-01 (another region).
    await repairOrder('RO-1', 'SH-01', 'SA-1', [
      ['T-1', '3.00'],
      ['T-2', '1.50'],
    ]);
    await repairOrder('RO-2', 'SH-01', 'SA-1', [['T-1', '2.00']]);
    await repairOrder('RO-3', 'BJ-01', 'SA-3', [['T-3', '4.00']]);
    // The people's own targets (grain person).
    await target('E-21', 'units_delivered', 'quota', '2', 'units');
    await target('E-21', 'units_delivered', 'stretch', '3', 'units');
    await target('E-21', 'revenue_new_vehicles', 'quota', '400000.00', 'CNY');
    await target('E-21', 'revenue_new_vehicles', 'stretch', '450000.00', 'CNY');
    await target('E-22', 'units_delivered', 'quota', '2', 'units');
    await target('T-1', 'hours_sold', 'quota', '4', 'hours');
    await target('T-1', 'hours_sold', 'stretch', '6', 'hours');

    auth = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-e2e' })}` };
    await expectEventually(
      async () => {
        const consultants = await league('consultants', { regionId: 'EAST' });
        expect(person(consultants, 'E-21')?.figures.units_delivered).toMatchObject({ value: '2', quota: { value: '2' } });
        expect(person(consultants, 'E-11')?.figures.units_delivered?.value).toBe('1');
        const technicians = await league('technicians', {});
        expect(person(technicians, 'T-1')?.figures.hours_sold).toMatchObject({ value: '5.00', quota: { value: '4' } });
        expect(person(technicians, 'T-3')?.figures.hours_sold?.value).toBe('4.00');
      },
      { timeoutMs: 180_000 },
    );
    // Head office closes the month; then a late delivery of E-21's restates it.
    await post(`/api/v1/org/periods/${FOCUS}/close`).send({ reason: 'monthly close' }).expect(201);
    await expectEventually(
      async () => {
        const series = await platform
          .http()
          .get('/api/v1/kpis/units_delivered')
          .query({ from: FOCUS, to: FOCUS, groupBy: 'branch', branchId: 'SH-02' })
          .set(auth)
          .expect(200);
        expect((series.body as { points: { closed: unknown }[] }).points[0]?.closed).not.toBeNull();
      },
      { timeoutMs: 90_000 },
    );
    await deliver('SH-02', 'E-21', '120000.00', '20');
    await expectEventually(
      async () => {
        expect(person(await league('consultants', { branchId: 'SH-02' }), 'E-21')?.figures.units_delivered?.value).toBe('3');
        expect(person(await league('consultants', { branchId: 'SH-02', view: 'as-closed' }), 'E-21')?.figures.units_delivered?.value).toBe('2');
      },
      { timeoutMs: 90_000 },
    );
    for (const user of Object.values(USERS)) {
      await post('/api/v1/users')
        .send({ username: user.username, displayName: user.displayName, role: user.role, regions: [], branches: user.branches, password: user.password })
        .expect(201);
    }

    browser = await launchChromium();
    const context = await browser.newContext({ acceptDownloads: true, locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) pageErrors.push(new Error(message.text()));
    });
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  const testid = (id: string) => page.locator(`[data-testid="${id}"]`);
  const row = (personId: string) => page.locator(`[data-testid="people-row"][data-person="${personId}"]`);
  const cell = (personId: string, kpi: string) => row(personId).locator(`td[data-kpi="${kpi}"]`);
  /** The people of the table as shown: [person, rank in branch, rank in region]. */
  const ranks = async () =>
    Promise.all(
      (await page.locator('[data-testid="people-row"]').all()).map(async (r) => [
        await r.getAttribute('data-person'),
        await r.locator('[data-testid="rank-in-branch"]').textContent(),
        await r.locator('[data-testid="rank-in-region"]').textContent(),
      ]),
    );
  /** The page's visible text: header and the People page. */
  const visibleText = (): Promise<string> =>
    page.evaluate(`['.brand', '#account', '#pages', '#top-controls', '#people']
      .map((selector) => document.querySelector(selector))
      .filter((node) => node && node.offsetParent !== null)
      .map((node) => node.innerText)
      .join('\\n')`);

  it("shows a branch manager their branch's consultants with their own targets and ranks, as closed and restated", async () => {
    await page.goto(`${platform.baseUrl}/#/group?period=${FOCUS}`);
    await signIn(page, USERS.branchManager.username, USERS.branchManager.password);
    await page.waitForURL((url) => url.hash.startsWith('#/branch/SH-02'));
    await testid('nav-people').click();
    await page.waitForURL((url) => url.hash.startsWith('#/people/consultants/branch/SH-02'));
    await row('E-21').waitFor();
    expect(await testid('nav-people').textContent()).toBe('People');
    expect(await testid('people-table-consultants').getAttribute('aria-pressed')).toBe('true');
    // Their branch only: the unit picker offers nothing else, the table has SH-02's people.
    expect(await testid('people-unit').locator('option').allTextContents()).toEqual(['Shanghai Minhang 4S (SH-02)']);
    // Ranked on units delivered: E-21 (3, restated) first in the branch and the region (E-11 of SH-01 and E-22 share second).
    expect(await ranks()).toEqual([
      ['E-21', '1', '1'],
      ['E-22', '2', '2'],
    ]);
    const units = cell('E-21', 'units_delivered');
    expect(await units.locator('[data-testid="people-value"]').textContent()).toBe('3');
    expect(await units.locator('[data-testid="people-quota"]').textContent()).toBe('Quota 2 · 150.0%');
    expect(await units.locator('[data-testid="people-stretch"]').textContent()).toBe('Stretch 3 · 100.0%');
    // Money with its currency: 200,000 + 180,000 + 120,000 against a quota of 400,000.
    const revenue = cell('E-21', 'revenue_new_vehicles');
    expect(await revenue.locator('[data-testid="people-value"]').getAttribute('title')).toBe('500,000.00');
    expect(await revenue.locator('[data-testid="cell-currency"]').textContent()).toBe(' CNY');
    expect(await revenue.locator('[data-testid="people-quota"]').textContent()).toBe('Quota 400K CNY · 125.0%');
    expect(await page.locator('th[data-kpi="revenue_new_vehicles"]').textContent()).toContain('(CNY)');
    // E-22 has a quota and no stretch; no figure is invented.
    expect(await cell('E-22', 'units_delivered').locator('[data-testid="people-quota"]').textContent()).toBe('Quota 2 · 50.0%');
    expect(await cell('E-22', 'units_delivered').locator('[data-testid="people-stretch"]').count()).toBe(0);

    // As closed: the late delivery is not in the closed month's figures.
    await testid('view-select').selectOption('as-closed');
    await page.waitForURL((url) => url.hash.includes('view=as-closed') && url.hash.startsWith('#/people/consultants/branch/SH-02'));
    await units.locator('[data-testid="people-value"]', { hasText: /^2$/ }).waitFor();
    expect(await units.locator('[data-testid="people-quota"]').textContent()).toBe('Quota 2 · 100.0%');
    expect(await revenue.locator('[data-testid="people-value"]').getAttribute('title')).toBe('380,000.00');
    await testid('view-select').selectOption('restated');
    await units.locator('[data-testid="people-value"]', { hasText: /^3$/ }).waitFor();
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-people-branch.png'), fullPage: true });
  });

  it('reads and writes its address; an unknown table, unit or span falls back to the defaults', async () => {
    const result = await page.evaluate(`import('/assets/people.js').then((m) => [
      m.parsePeopleRoute(['technicians', 'region', 'EAST'], new URLSearchParams('span=ytd')),
      m.parsePeopleRoute(['bogus', 'branch'], new URLSearchParams('span=week')),
      m.parsePeopleRoute(['service-advisors', 'branch', 'SH%2001'], new URLSearchParams('')),
      m.peopleAddress({ table: 'consultants', level: 'branch', id: 'SH 01', span: 'quarter' }, { period: '2026-03', view: 'as-closed' }),
      m.peopleAddress({ table: 'technicians', level: 'group', id: null, span: 'month' }, { period: '2026-03' }),
    ])`);
    expect(result).toEqual([
      { table: 'technicians', level: 'region', id: 'EAST', span: 'ytd' },
      { table: 'consultants', level: 'group', id: null, span: 'month' },
      { table: 'service-advisors', level: 'branch', id: 'SH 01', span: 'month' },
      '#/people/consultants/branch/SH%2001?period=2026-03&view=as-closed&span=quarter',
      '#/people/technicians/group?period=2026-03&span=month',
    ]);
  });

  it('downloads the table as Excel and CSV: the same request as the page', async () => {
    const [xlsx] = await Promise.all([page.waitForEvent('download'), testid('people-download-xlsx').click()]);
    expect(xlsx.suggestedFilename()).toBe(`league-consultants-month-${FOCUS}-group-en.xlsx`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(await xlsx.path()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.rowCount).toBe(1 + 2);
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    const e21 = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(e21[header.indexOf('Employee')]).toBe('E-21');
    expect(e21[header.indexOf('Rank in branch')]).toBe(1);

    const [csv] = await Promise.all([page.waitForEvent('download'), testid('people-download-csv').click()]);
    expect(csv.suggestedFilename()).toBe(`league-consultants-month-${FOCUS}-group-en.csv`);
    const lines = readFileSync(await csv.path(), 'utf8')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(1 + 2);
    expect(
      lines[0]!
        .replace(/^\uFEFF/, '')
        .split(',')
        .slice(0, 6),
    ).toEqual(['Branch id', 'Branch', 'Region', 'Employee', 'Rank in branch', 'Rank in region']);
    expect(lines[1]!.split(',').slice(0, 7)).toEqual(['SH-02', 'Shanghai Minhang 4S', 'EAST', 'E-21', '1', '1', '3']);
  });

  it('reads in Chinese and Spanish with no English left, and refuses another branch in the page', async () => {
    await testid('locale-select').selectOption('zh-CN');
    await testid('nav-people').filter({ hasText: '人员业绩' }).waitFor();
    await cell('E-21', 'units_delivered').locator('[data-testid="people-quota"]', { hasText: '任务 2 · 150.0%' }).waitFor();
    expect(await testid('people-table-technicians').textContent()).toBe('维修技师');
    // The only Latin letters left are data: ids, the branch's name, the currency, the file formats.
    const zh = await visibleText();
    const data = [/Shanghai Minhang 4S/g, /SH-02/g, /E-2\d/g, /CNY/g, /Excel/g, /CSV/g];
    expect(data.reduce((text, pattern) => text.replace(pattern, ''), zh)).not.toMatch(/[A-Za-z]{2,}/);
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-people-zh-CN.png'), fullPage: true });

    await testid('locale-select').selectOption('es');
    await testid('nav-people').filter({ hasText: 'Personas' }).waitFor();
    await cell('E-21', 'units_delivered').locator('[data-testid="people-quota"]', { hasText: 'Objetivo asignado 2' }).waitFor();
    const es = await visibleText();
    for (const english of ['People', 'Sales consultants', 'Technicians', 'Quota', 'Stretch', 'Rank', 'Month', 'Employee', 'Download', 'Loading', 'Ranked'])
      expect(es).not.toContain(english);
    expect(es).toContain('Asesores comerciales');

    // Another branch: refused in the page, translated, nothing of it shown.
    await page.goto(`${platform.baseUrl}/#/people/consultants/branch/BJ-01?period=${FOCUS}`);
    const state = testid('people-state');
    await state.locator('text=Este concesionario o región no está en su ámbito de acceso.').waitFor();
    expect(await state.getAttribute('data-state')).toBe('forbidden');
    expect(await testid('people-row').count()).toBe(0);
  });

  it("shows head office a region's technicians with their hours targets, and an empty span", async () => {
    await testid('locale-select').selectOption('en');
    await testid('sign-out').click();
    await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
    await page.locator('[data-testid="league-row"]').first().waitFor();
    await page.goto(`${platform.baseUrl}/#/people/consultants/group?period=${FOCUS}`);
    await row('E-11').waitFor();
    // Head office picks the technicians and the EAST region.
    await testid('people-table-technicians').click();
    await page.waitForURL((url) => url.hash.startsWith('#/people/technicians/group'));
    await row('T-3').waitFor();
    await testid('people-unit').selectOption('region:EAST');
    await page.waitForURL((url) => url.hash.startsWith('#/people/technicians/region/EAST'));
    await row('T-2').waitFor();
    expect(await ranks()).toEqual([
      ['T-1', '1', '1'],
      ['T-2', '2', '2'],
    ]);
    const hours = cell('T-1', 'hours_sold');
    expect(await hours.locator('[data-testid="people-value"]').textContent()).toBe('5.00');
    expect(await hours.locator('[data-testid="people-quota"]').textContent()).toBe('Quota 4 · 125.0%');
    expect(await hours.locator('[data-testid="people-stretch"]').textContent()).toBe('Stretch 6 · 83.3%');
    expect(await cell('T-2', 'hours_sold').locator('[data-testid="people-quota"]').count()).toBe(0);
    expect(await testid('people-title').textContent()).toContain('Technicians · East China');
    await page.screenshot({ path: join(platform.artifacts, 'dashboard-people-region.png'), fullPage: true });

    // Year to date carries no month targets (there are no annual ones); in a month without repairs the
    // region's technicians on staff are listed with nothing sold.
    await testid('people-span').selectOption('ytd');
    await page.waitForURL((url) => url.hash.includes('span=ytd'));
    await page.locator('[data-testid="people-panel"][data-span="ytd"]').waitFor();
    expect(await hours.locator('[data-testid="people-quota"]').count()).toBe(0);
    await testid('period-input').fill(EARLIER);
    await testid('period-input').dispatchEvent('change');
    await page.waitForURL((url) => url.hash.includes(`period=${EARLIER}`));
    await hours.locator('[data-testid="people-value"]', { hasText: '0.00' }).waitFor();
    expect(await cell('T-2', 'hours_sold').locator('[data-testid="people-value"]').textContent()).toBe('0.00');
    // A region with no consultant on staff and no sale: the empty state.
    await page.goto(`${platform.baseUrl}/#/people/consultants/region/NORTH?period=${FOCUS}`);
    const empty = testid('people-state');
    await empty.locator('text=No figures for people in this span and scope.').waitFor();
    expect(await empty.getAttribute('data-state')).toBe('empty');
  }, 120_000);
});
