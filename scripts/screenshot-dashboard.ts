// Screenshots of the running dashboard in headless Chromium (Debian's `chromium`, driven by
// playwright-core), for docs/dashboard.png, docs/dashboard-branch-zh-CN.png, docs/dashboard-people.png,
// docs/dashboard-explorer.png and docs/dashboard-pack.png:
//
//   npx ts-node --transpile-only scripts/screenshot-dashboard.ts --url http://127.0.0.1:3000 \
//     --username <head-office user> --password <its password> [--group docs/dashboard.png] \
//     [--branch-zh docs/dashboard-branch-zh-CN.png] [--people docs/dashboard-people.png] [--branch SH-01] \
//     [--explorer docs/dashboard-explorer.png] [--explorer-kpi units_delivered] [--explorer-by model] \
//     [--explorer-range ytd] [--pack docs/dashboard-pack.png]
//
// (or `--token <head-office token>` instead of the username and password: the token is put in the
// tab's session storage, where the dashboard keeps a signed-in session's token). Chinese text needs a
// CJK font: on a machine without one, a fontconfig file (FONTCONFIG_FILE) that includes
// /etc/fonts/fonts.conf and adds the folder of the PDF's Noto Sans SC (node_modules/@embedpdf/fonts-sc/fonts).
//
// It signs in with the dashboard's form and opens the group view, then a branch's monthly summary in zh-CN (the best
// branch of the league unless --branch), and checks what a reader would see: every KPI tile has a
// figure, the trend chart has its canvas, no "NaN"/"undefined"/"Invalid" text, no failed API call,
// no script error in the page; then the branch's sales consultants on the People page (in English,
// in the branch's currency): every person with a figure, some with their own targets; then the KPI
// explorer at group level over a range (by default year to date: the range's one figure beside
// its months; a KPI broken down by a dimension, its first row's facts open): the figure, the
// chart's canvas and the breakdown's check that its rows add up; then the group's HTML pack in
// branch currency (English), as the dashboard's Print button opens it: its trend and attainment
// charts drawn (the picture: from the trend down). The problems found are printed and make the exit code 1.
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

interface Options {
  url: string;
  token?: string;
  username?: string;
  password?: string;
  group: string;
  branchZh: string;
  people: string;
  branch?: string;
  explorer: string;
  explorerKpi: string;
  explorerBy: string;
  explorerRange: string;
  pack: string;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string): string | undefined => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const url = value('url');
  const token = value('token');
  const username = value('username');
  const password = value('password');
  if (!url || !(token || (username && password))) {
    throw new Error(
      'usage: screenshot-dashboard --url <base url> (--username <head-office user> --password <password> | --token <head-office token>) [--group file] [--branch-zh file] [--people file] [--branch id] [--explorer file] [--explorer-kpi id] [--explorer-by dimension] [--explorer-range month|quarter|year|ytd] [--pack file]',
    );
  }
  return {
    url: url.replace(/\/$/, ''),
    token,
    username,
    password,
    group: value('group') ?? 'docs/dashboard.png',
    branchZh: value('branch-zh') ?? 'docs/dashboard-branch-zh-CN.png',
    people: value('people') ?? 'docs/dashboard-people.png',
    branch: value('branch'),
    explorer: value('explorer') ?? 'docs/dashboard-explorer.png',
    explorerKpi: value('explorer-kpi') ?? 'units_delivered',
    explorerBy: value('explorer-by') ?? 'model',
    explorerRange: value('explorer-range') ?? 'ytd',
    pack: value('pack') ?? 'docs/dashboard-pack.png',
  };
}

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}`);
  return found;
}

/** What a reader would find wrong on the page as it is now. */
async function inspect(page: Page, view: string): Promise<string[]> {
  const problems: string[] = [];
  const body = (await page.locator('body').innerText()) ?? '';
  for (const bad of ['NaN', 'undefined', 'Invalid', '[object Object]']) {
    if (body.includes(bad)) problems.push(`${view}: the page shows "${bad}"`);
  }
  const tiles = await page.locator('[data-testid="kpi-tile"]').all();
  if (tiles.length === 0) problems.push(`${view}: no KPI tile`);
  for (const tile of tiles) {
    const value = (await tile.locator('[data-testid="tile-value"]').textContent())?.trim() ?? '';
    if (value === '' || value === '—') problems.push(`${view}: tile ${await tile.getAttribute('data-kpi')} has no figure ("${value}")`);
  }
  if ((await page.locator('[data-testid="trend-chart"] canvas').count()) === 0) problems.push(`${view}: the trend chart has no canvas`);
  const error = page.locator('[data-testid="error"]');
  if ((await error.count()) > 0 && (await error.first().isVisible())) problems.push(`${view}: error shown: ${await error.first().textContent()}`);
  return problems;
}

/** The People page: every person has a figure of the ranking KPI, and some have their own targets. */
async function inspectPeople(page: Page, view: string): Promise<string[]> {
  const problems: string[] = [];
  const body = (await page.locator('body').innerText()) ?? '';
  for (const bad of ['NaN', 'undefined', 'Invalid', '[object Object]']) if (body.includes(bad)) problems.push(`${view}: the page shows "${bad}"`);
  if ((await page.locator('[data-testid="people-row"]').count()) === 0) problems.push(`${view}: no person`);
  if ((await page.locator('[data-testid="people-quota"]').count()) === 0) problems.push(`${view}: no person has a target`);
  return problems;
}

/** Lets the charts finish their entry animation once the API calls are done. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(1500);
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const problems: string[] = [];
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1440, height: 1000 } });
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()} (${message.location().url})`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    });

    if (options.token) {
      await context.addInitScript(`sessionStorage.setItem('dealer-kpi.token', ${JSON.stringify(options.token)})`);
      await page.goto(`${options.url}/`);
    } else {
      await page.goto(`${options.url}/`);
      await page.locator('[data-testid="sign-in-form"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="username"]').fill(options.username!);
      await page.locator('[data-testid="password"]').fill(options.password!);
      await page.locator('[data-testid="sign-in-submit"]').click();
    }
    await page.locator('[data-testid="league-branch"] [data-testid="league-row"]').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="trend-chart"] canvas').first().waitFor({ timeout: 60_000 });
    await settle(page);
    problems.push(...(await inspect(page, 'group')));
    await page.screenshot({ path: options.group, fullPage: true });
    process.stdout.write(`group view: ${options.group} (${page.url()})\n`);

    const branch = options.branch ?? (await page.locator('[data-testid="league-branch"] [data-testid="league-row"]').first().getAttribute('data-unit'));
    if (!branch) throw new Error('no branch in the league table');
    await page.locator(`[data-testid="league-branch"] [data-testid="league-row"][data-unit="${branch}"]`).click();
    await page.waitForURL((url) => url.hash.startsWith(`#/branch/${branch}`));
    await page.locator('[data-testid="monthly-summary"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="locale-select"]').selectOption('zh-CN');
    await page.locator('[data-testid="monthly-summary"] tr.band th', { hasText: '整车销售' }).first().waitFor({ timeout: 60_000 });
    await settle(page);
    problems.push(...(await inspect(page, `branch ${branch} zh-CN`)));
    await page.screenshot({ path: options.branchZh, fullPage: true });
    process.stdout.write(`branch ${branch} in zh-CN: ${options.branchZh} (${page.url()})\n`);

    await page.locator('[data-testid="locale-select"]').selectOption('en');
    await page.locator('[data-testid="nav-people"]', { hasText: 'People' }).click();
    await page.waitForURL((url) => url.hash.startsWith(`#/people/consultants/branch/${branch}`));
    await page.locator('[data-testid="people-row"]').first().waitFor({ timeout: 60_000 });
    // In the branch's currency: its people's money targets are in it, so every attainment shows.
    await page.locator('[data-testid="currency-select"]').selectOption('branch');
    await page.waitForURL((url) => url.hash.includes('currency=branch'));
    await page.locator('[data-testid="people-row"]').first().waitFor({ timeout: 60_000 });
    await settle(page);
    problems.push(...(await inspectPeople(page, `people ${branch}`)));
    await page.screenshot({ path: options.people, fullPage: true });
    process.stdout.write(`branch ${branch}'s consultants: ${options.people} (${page.url()})\n`);

    const period = new URL(page.url()).hash.match(/period=(\d{4}-\d{2})/)?.[1] ?? '';
    await page.goto(`${options.url}/#/kpi/${options.explorerKpi}/group?period=${period}&range=${options.explorerRange}&by=${options.explorerBy}`);
    await page.locator('[data-testid="explorer-breakdown-row"]').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="explorer-breakdown-row"]').first().click();
    await page.locator('[data-testid="lineage-check"]').waitFor({ timeout: 60_000 });
    await settle(page);
    const body = (await page.locator('#explorer').innerText()) ?? '';
    for (const bad of ['NaN', 'undefined', 'Invalid', '[object Object]']) if (body.includes(bad)) problems.push(`explorer: the page shows "${bad}"`);
    if ((await page.locator('[data-testid="explorer-chart"] canvas').count()) === 0) problems.push('explorer: the chart has no canvas');
    if ((await page.locator('[data-testid="explorer-breakdown-check"]').getAttribute('data-adds-up')) !== 'true')
      problems.push('explorer: the breakdown does not add up');
    if ((await page.locator('[data-testid="lineage-check"]').getAttribute('data-matches')) !== 'true') problems.push('explorer: the facts do not add up');
    if (options.explorerRange !== 'month' && (await page.locator('[data-testid="explorer-figure"] [data-testid="explorer-period"]').count()) === 0)
      problems.push(`explorer: no figure of the whole range (${options.explorerRange})`);
    await page.screenshot({ path: options.explorer, fullPage: true });
    process.stdout.write(`KPI explorer: ${options.explorer} (${page.url()})\n`);

    // The group's pack in branch currency, as the Print button opens it (the HTML from the API, with the session's token).
    const token = options.token ?? (await page.evaluate(`sessionStorage.getItem('dealer-kpi.token')`));
    const packUrl = `${options.url}/api/v1/group/monthly-summary/${period}?format=html&locale=en&currency=branch&tz=Europe/Madrid`;
    const answer = await page.request.get(packUrl, { headers: { authorization: `Bearer ${String(token)}` } });
    if (!answer.ok()) throw new Error(`pack: HTTP ${answer.status()} ${packUrl}`);
    const pack = await context.newPage();
    pack.on('pageerror', (error) => problems.push(`pack: script error: ${error.message}`));
    await pack.setViewportSize({ width: 1100, height: 1000 });
    await pack.setContent(await answer.text());
    const packText = await pack.locator('body').innerText();
    for (const bad of ['NaN', 'undefined', 'Invalid', '[object Object]']) if (packText.includes(bad)) problems.push(`pack: the page shows "${bad}"`);
    if ((await pack.locator('svg.chart.trend rect[data-value]').count()) === 0) problems.push('pack: the trend charts have no bar');
    if ((await pack.locator('svg.chart.attainment rect[data-bar="quota"]').count()) === 0) problems.push('pack: the attainment chart has no bar');
    // Its charts: from the trend down (the tables above are the summary's, as on the dashboard).
    const trendTop = Math.max(0, ((await pack.locator('section[data-section="trend"]').boundingBox())?.y ?? 0) - 8);
    const pageHeight = Number(await pack.evaluate('document.documentElement.scrollHeight'));
    await pack.screenshot({ path: options.pack, fullPage: true, clip: { x: 0, y: trendTop, width: 1100, height: pageHeight - trendTop } });
    process.stdout.write(`group pack, branch currency: ${options.pack} (${packUrl})\n`);
  } finally {
    await browser?.close();
  }
  if (problems.length > 0) {
    process.stdout.write(`problems:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
    process.exitCode = 1;
  } else {
    process.stdout.write('no problems seen\n');
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
