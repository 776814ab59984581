/**
 * Every page and state of the dashboard read in each locale (issue #19, item 7), in headless
 * Chromium over the real platform and the seeded dealer group: the sign-in form and its errors,
 * the group, region and branch dashboards with their monthly packs, the KPI explorer (its picker, a
 * breakdown and the facts of a row), the People tables, head office's Users page, the Pack
 * subscriptions page (its form refused by the page and by the API, a subscription listed with its
 * delivery log, cancelled), the HTML packs of each level, and the states: loading, empty, forbidden
 * (a branch manager at another branch, at the Users and Pack subscriptions pages), error (an
 * unknown KPI, a server failure), signed out. Each time the test reads
 * every visible text node, the attributes readers see (title, placeholder, aria-label, alt), the
 * options of the visible selects, the document's title and the charts' titles, legends and series
 * names, and fails listing every string left in English in zh-CN and es:
 *
 * - a string of the English dictionaries (the page's i18n.js, the packs' labels, the KPI names and
 *   definitions) that the locale translates differently, found as words in the page;
 * - in zh-CN, any word of Latin letters (3 or more) that is not one of the seeded data values or
 *   of the short allow-list below;
 * - in es, any word that only the English dictionaries use, or a common English word.
 *
 * English is the control: the same rules applied to the English pages must find English. Every
 * error code the dashboard's API calls can answer (read from the source) has its own message in
 * each locale, translated. Screenshots go to test-artifacts/.
 */
import { PackDeliveryScheduler } from '@app/delivery';
import { kpiDefinitionText, KPI_CATALOGUE, kpiLabel } from '@app/kpi';
import { expectEventually } from '@app/testing';
import { tokenFor } from '@app/auth';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, BrowserContext, Page } from 'playwright-core';
import { SUMMARY_TEXT } from '@app/reporting';
import { EXPORT_LABELS, RENDER_LABELS } from '@app/reporting/testing';
import { BRANCHES, launchChromium, month, seedDealerGroup, signIn, startPlatform, TestPlatform, watchPage } from './support/dashboard-browser';

const FOCUS = month(-1);
/** A month long before the seed's first delivery: every page is empty there. */
const EMPTY = '2024-02';
const LOCALES = ['zh-CN', 'es', 'en'] as const;
type Locale = (typeof LOCALES)[number];
const USERS = {
  headOffice: { username: 'hu.hong', displayName: 'Hu Hong', role: 'head-office', branches: [] as string[], password: 'correct horse battery' },
  branchManager: { username: 'wang.fang', displayName: '王芳', role: 'branch-manager', branches: ['SH-02'], password: 'SH-02 manager pass' },
} as const;
const EMPLOYEES = [
  ['E-1', 'SH-01', 'sales', 'sales_consultant'],
  ['SA-1', 'SH-01', 'service', 'service_advisor'],
  ['T-1', 'SH-01', 'service', 'technician'],
] as const;

/**
 * Latin text that is not a translation: the seed's data (names of units, models, people; ids),
 * codes (currencies, file formats named as such, the period's ISO form), the languages' own names
 * in the language picker, and the product's ids in addresses. Removed before the word rules run.
 */
const DATA: RegExp[] = [
  /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, // mail addresses (a subscription's recipient), before the names in them
  /\b[a-z]+(?:-[a-z]+)+-[A-Z]+-[\w-]+/g, // stream ids in the facts: vehicle-sale-VS-37
  ...BRANCHES.map((b) => new RegExp(b.name, 'g')),
  /East China|North China/g,
  /Lavida 1\.5L/g,
  /Hu Hong|hu\.hong|wang\.fang/g,
  /\b(SH|BJ|RO|VS|O|E|SA|T|S|V)-[0-9A-Z]+\b/g,
  /\b(EAST|NORTH)\b/g,
  /\bLSVAU[0-9A-Z]+\b/g,
  /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g,
  /\b(CNY|EUR|USD)\b/g,
  /\b(PDF|XLSX|CSV|HTML|Excel)\b/g,
  /\b(Volkswagen)\b/g,
  /^(English|Español)$/g,
];

/** One string a reader sees, and where. */
interface Seen {
  readonly where: string;
  readonly text: string;
}

/** Reads the page as a reader does: visible text, readers' attributes, select options, the title, the charts' text. */
const READ_PAGE = `(() => {
  const out = [];
  const shown = (node) => node.checkVisibility({ visibilityProperty: true });
  const name = (node) => node.dataset?.testid ? '[' + node.dataset.testid + ']' : node.id ? '#' + node.id : node.tagName.toLowerCase() + (node.className && typeof node.className === 'string' ? '.' + node.className.split(' ')[0] : '');
  const where = (node) => [node.parentElement?.closest('[data-testid], [id]'), node].filter(Boolean).map(name).join(' ');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    const text = node.textContent.trim();
    if (!text || !parent || ['SCRIPT', 'STYLE', 'OPTION', 'OPTGROUP', 'TEMPLATE'].includes(parent.tagName) || !shown(parent)) continue;
    out.push({ where: where(parent), text });
  }
  for (const node of document.body.querySelectorAll('*')) {
    if (!shown(node)) continue;
    for (const attribute of ['title', 'placeholder', 'aria-label', 'alt']) {
      const value = node.getAttribute(attribute);
      if (value && value.trim()) out.push({ where: where(node) + '@' + attribute, text: value.trim() });
    }
    if (node.tagName === 'SELECT') {
      for (const group of node.querySelectorAll('optgroup')) out.push({ where: where(node) + ' optgroup', text: group.label });
      for (const option of node.options) if (option.textContent.trim()) out.push({ where: where(node) + ' option', text: option.textContent.trim() });
    }
    if (node.tagName === 'INPUT' && ['button', 'submit', 'reset'].includes(node.type) && node.value) out.push({ where: where(node), text: node.value });
    const chart = window.echarts?.getInstanceByDom?.(node);
    if (chart) {
      const option = chart.getOption();
      const texts = [
        ...(option.title ?? []).flatMap((t) => [t.text, t.subtext]),
        ...(option.legend ?? []).flatMap((l) => (l.data ?? []).map((d) => (typeof d === 'string' ? d : d?.name))),
        ...(option.series ?? []).map((s) => s.name),
        ...[...(option.xAxis ?? []), ...(option.yAxis ?? [])].map((a) => a.name),
        ...(option.xAxis ?? []).flatMap((a) => (a.type === 'category' ? a.data ?? [] : [])).map((d) => (typeof d === 'string' ? d : d?.value)),
      ];
      for (const text of texts) if (typeof text === 'string' && text.trim()) out.push({ where: where(node) + ' chart', text: text.trim() });
    }
  }
  if (document.title) out.push({ where: 'document.title', text: document.title });
  return out;
})()`;

/** Every string of a nest of dictionaries (functions called with sample arguments), by path. */
function strings(value: unknown, path = ''): Map<string, string> {
  const out = new Map<string, string>();
  const add = (p: string, v: unknown) => {
    for (const [k, s] of strings(v, p)) out.set(k, s);
  };
  if (typeof value === 'string') out.set(path, value);
  else if (typeof value === 'function') {
    try {
      add(path, (value as (...args: unknown[]) => unknown)(3, 2, 1));
    } catch {
      // A label that needs other arguments: its words are in the rest.
    }
  } else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) add(path ? `${path}.${k}` : k, v);
  return out;
}

const words = (text: string): string[] => text.match(/\p{Script=Latin}{3,}/gu) ?? [];

/** Common English words a server message or a forgotten literal would carry (those the locale's dictionaries use too are dropped). */
const ENGLISH =
  'the and for with not this that your you are was were has have from into been will can cannot could should would there their which when where what while only also than then them they these those must any all some other more less about after before over under between here loading failed error errors request requests internal server unknown invalid forbidden denied allowed please again try sign signed out session expired found missing scope branch branches region regions group month months year years week day days people user users role password username save cancel close open download export empty figure figures data none rank ranked quota stretch target targets actual last next previous page facts fact total value values breakdown dimension'.split(
    ' ',
  );

interface Dictionaries {
  /** Strings of the English dictionaries the locale says otherwise (key → English). */
  readonly englishOnly: Map<string, string>;
  /** Words of the English dictionaries no dictionary of the locale uses. */
  readonly englishWords: Set<string>;
}

/** The English strings and words that must not show in `locale`: the page's dictionary and the server's. */
function dictionaries(locale: Locale, page: Map<Locale, Map<string, string>>): Dictionaries {
  const of = (l: Locale) =>
    new Map([
      ...[...page.get(l)!].map(([k, v]) => [`page.${k}`, v] as const),
      ...strings(SUMMARY_TEXT[l], 'summary'),
      ...strings(RENDER_LABELS[l], 'render'),
      ...strings(EXPORT_LABELS[l], 'export'),
      ...KPI_CATALOGUE.flatMap((k) => [[`kpi.${k.id}`, kpiLabel(k.id, l)] as const, ...strings(kpiDefinitionText(k.id, l), `definition.${k.id}`)]),
    ]);
  const en = of('en');
  const other = of(locale);
  // The locale's words: its dictionaries' and its month names (Spanish "may" is not English "may").
  const months = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].flatMap((m) =>
    (['long', 'short'] as const).map((style) => new Intl.DateTimeFormat(locale, { month: style, timeZone: 'UTC' }).format(Date.UTC(2026, m, 15))),
  );
  // A value the locale copies from English ("No access" for "No access") is not its word: a
  // translation forgotten in the dictionary is found like one forgotten in the code.
  const translated = [...other].filter(([k, v]) => en.get(k) !== v).map(([, v]) => v);
  const otherWords = new Set([...translated, ...months].flatMap(words).map((w) => w.toLowerCase()));
  // An English string whose words the locale uses too ("KPI" in Spanish) is not English-only.
  const englishOnly = new Map([...en].filter(([, v]) => words(v).length > 0 && !words(v).every((w) => otherWords.has(w.toLowerCase()))));
  const englishWords = new Set([...[...en.values()].flatMap(words), ...ENGLISH].map((w) => w.toLowerCase()).filter((w) => w.length >= 3 && !otherWords.has(w)));
  return { englishOnly, englishWords };
}

/** A dictionary string found as words (not inside a longer word: "Rank" in "Ranked"). */
function containsWords(shown: string, s: string): boolean {
  for (let i = shown.indexOf(s); i >= 0; i = shown.indexOf(s, i + 1)) {
    if (!/\p{L}/u.test(shown[i - 1] ?? ' ') && !/\p{L}/u.test(shown[i + s.length] ?? ' ')) return true;
  }
  return false;
}

/** What of `seen` is English in a page of `locale` (its where, text and why). */
function untranslated(locale: Exclude<Locale, 'en'>, seen: readonly Seen[], dict: Dictionaries): string[] {
  const found: string[] = [];
  for (const { where, text } of seen) {
    const bare = DATA.reduce((t, pattern) => t.replace(pattern, ' '), text);
    const reasons = new Set<string>();
    for (const english of dict.englishOnly.values()) if (containsWords(bare, english) && english.length >= 3) reasons.add(`en string "${english}"`);
    for (const word of words(bare)) {
      if (locale === 'zh-CN') reasons.add(`Latin word "${word}"`);
      else if (dict.englishWords.has(word.toLowerCase())) reasons.add(`English word "${word}"`);
    }
    if (reasons.size > 0) found.push(`${where}: "${text}" (${[...reasons].join(', ')})`);
  }
  return [...new Set(found)];
}

describe('dashboard: every page and state in each locale (Chromium)', () => {
  let platform: TestPlatform;
  let browser: Browser;
  let headOffice: Record<string, string>;
  /** The users' ids, by key of USERS. */
  const userIds: Record<string, string> = {};
  const pageErrors: Error[] = [];
  const post = (path: string) => platform.post(path);
  /** The page's dictionaries, read from i18n.js in the browser. */
  const pageTexts = new Map<Locale, Map<string, string>>();
  /** Everything read, by locale: [state, strings]. */
  const read = new Map<Locale, [string, Seen[]][]>(LOCALES.map((l) => [l, []]));

  beforeAll(async () => {
    platform = await startPlatform('dashboard_locales', 'dl');
    await seedDealerGroup(post, FOCUS);
    for (const [employeeId, branchId, department, role] of EMPLOYEES) {
      await post(`/api/v1/org/employees/${employeeId}/assignments`).send({ branchId, department, role, effectiveFrom: '2024-01-01' }).expect(201);
    }
    for (const [key, user] of Object.entries(USERS)) {
      const created = await post('/api/v1/users')
        .send({ username: user.username, displayName: user.displayName, role: user.role, regions: [], branches: user.branches, password: user.password })
        .expect(201);
      userIds[key] = (created.body as { id: string }).id;
    }
    headOffice = { authorization: `Bearer ${await tokenFor('head-office', { subject: 'ho-locales' })}` };
    await expectEventually(
      async () => {
        const card = await platform.http().get('/api/v1/scorecard').query({ period: FOCUS, level: 'branch' }).set(headOffice).expect(200);
        const rows = (card.body as { rows: { unitId: string; figures: Record<string, { value: string | null }> }[] }).rows;
        expect(rows.find((r) => r.unitId === 'SH-01')?.figures.units_delivered?.value).toBe('2');
        expect(rows.find((r) => r.unitId === 'SH-01')?.figures.csi_service?.value).toBe('80.00');
      },
      { timeoutMs: 240_000 },
    );
    browser = await launchChromium();
  }, 420_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  /** A browser whose language is `locale` (the dashboard starts in the browser's language). */
  async function open(locale: Locale): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({
      locale: locale === 'es' ? 'es-ES' : locale === 'en' ? 'en-US' : 'zh-CN',
      viewport: { width: 1440, height: 1000 },
    });
    const page = await context.newPage();
    watchPage(page, pageErrors);
    return { context, page };
  }

  /** Reads the page and keeps it under `state` (once nothing shows "loading", unless that is the state). */
  async function keep(page: Page, locale: Locale, state: string, loading = false): Promise<void> {
    if (!loading) {
      await page.waitForTimeout(250);
      const busy = `[...document.querySelectorAll('[data-testid="loading"], [data-testid$="-loading"], [data-state="loading"]')].some((n) => n.checkVisibility())`;
      await expectEventually(async () => expect(await page.evaluate<boolean>(busy)).toBe(false), { timeoutMs: 30_000 });
    }
    const seen = await page.evaluate<Seen[]>(READ_PAGE);
    expect(seen.length).toBeGreaterThan(0);
    read.get(locale)!.push([state, seen]);
  }

  const testid = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

  /** Every page and state, read in `locale`. */
  async function sweep(locale: Locale): Promise<void> {
    const { context, page } = await open(locale);
    const go = async (hash: string) => {
      await page.goto(`${platform.baseUrl}/${hash}`);
    };
    try {
      // Sign-in: the form, an empty and a wrong password.
      await go(`#/group?period=${FOCUS}`);
      await testid(page, 'sign-in-form').waitFor();
      if (!pageTexts.has(locale)) {
        for (const l of LOCALES) {
          const dictionary = await page.evaluate<unknown>(`import('/assets/i18n.js').then(({ texts }) => {
            const plain = (v) => typeof v === 'function' ? { __fn: [v(3, 2, 1), v(null)] } : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;
            return plain(texts(${JSON.stringify(l)}));
          })`);
          pageTexts.set(l, strings(dictionary));
        }
      }
      expect(await page.evaluate('document.documentElement.lang')).toBe(locale);
      await keep(page, locale, 'sign-in');
      await testid(page, 'sign-in-submit').click();
      await testid(page, 'sign-in-message').waitFor();
      await keep(page, locale, 'sign-in: empty form');
      await signIn(page, USERS.headOffice.username, 'not the password');
      await expectEventually(async () => expect(await testid(page, 'password').inputValue()).toBe(''), { timeoutMs: 10_000 });
      await testid(page, 'sign-in-message').waitFor();
      await keep(page, locale, 'sign-in: wrong password');

      // Loading: the scorecard held back until the page has been read.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/v1/scorecard?*', async (route) => {
        await held;
        await route.continue().catch(() => undefined); // the page may have moved on
      });
      await signIn(page, USERS.headOffice.username, USERS.headOffice.password);
      await testid(page, 'who').waitFor();
      await keep(page, locale, 'group: loading', true);
      release();
      await page.unroute('**/api/v1/scorecard?*');

      // The dashboards of each level, with their packs.
      await page.locator('[data-testid="league-row"]').first().waitFor();
      await page.locator('[data-testid="monthly-summary"][data-unit="group"], [data-testid="monthly-summary"]').first().waitFor();
      await keep(page, locale, 'group');
      await go(`#/region/EAST?period=${FOCUS}`);
      await page.locator('[data-testid="monthly-summary"][data-unit="EAST"]').waitFor();
      await keep(page, locale, 'region EAST');
      await go(`#/branch/SH-01?period=${FOCUS}`);
      await page.locator('[data-testid="monthly-summary"][data-unit="SH-01"]').waitFor();
      await keep(page, locale, 'branch SH-01');
      await page.screenshot({ path: join(platform.artifacts, `dashboard-locales-branch-${locale}.png`), fullPage: true });
      await testid(page, 'currency-select').selectOption('branch');
      await go(`#/group?period=${FOCUS}&currency=branch&view=as-closed`);
      await page.locator('[data-testid="league-row"]').first().waitFor();
      await keep(page, locale, 'group: branch currency, as closed');

      // Empty: a month with no figures, at each level.
      await go(`#/group?period=${EMPTY}`);
      await testid(page, 'kpi-tiles').locator('*').first().waitFor();
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'group: empty month');
      await go(`#/branch/SH-02?period=${EMPTY}`);
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'branch: empty month');

      // The explorer: the picker, a KPI with a breakdown and the facts of a row, the figure's facts.
      await go(`#/kpi?period=${FOCUS}`);
      await testid(page, 'explorer-kpi').waitFor();
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'explorer: picker');
      await go(`#/kpi/units_delivered/group?period=${FOCUS}&range=month&by=model`);
      const rows = page.locator('[data-testid="explorer-breakdown-row"]');
      await rows.first().waitFor();
      await rows.first().click();
      await testid(page, 'lineage-check').waitFor();
      await keep(page, locale, 'explorer: breakdown and facts of a row');
      await testid(page, 'explorer-value').click();
      await testid(page, 'lineage-check').waitFor();
      await keep(page, locale, 'explorer: facts of the figure');
      await go(`#/kpi/revenue/branch/SH-01?period=${FOCUS}&range=ytd`);
      await page.locator('[data-testid="explorer-value"][data-value]').first().waitFor();
      await keep(page, locale, 'explorer: money KPI, year to date');
      await go(`#/kpi/csi_service/region/EAST?period=${FOCUS}&range=quarter`);
      await page.locator('[data-testid="explorer-value"]').first().waitFor();
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'explorer: a rate, a quarter');
      await go(`#/kpi/units_delivered/group?period=${EMPTY}&range=month`);
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'explorer: empty month');
      // Error: an unknown KPI.
      await go(`#/kpi/no_such_kpi/group?period=${FOCUS}`);
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'explorer: unknown KPI');

      // People: each table; an empty month.
      for (const table of ['consultants', 'service-advisors', 'technicians']) {
        await go(`#/people/${table}/branch/SH-01?period=${FOCUS}`);
        await page.locator('[data-testid="people-row"], [data-testid="people-state"]').first().waitFor();
        await page.waitForLoadState('networkidle');
        await keep(page, locale, `people: ${table}`);
      }
      await go(`#/people/technicians/group?period=${EMPTY}`);
      await testid(page, 'people-state').waitFor();
      await keep(page, locale, 'people: empty');

      // Users: the list, a new user's form, its refusal.
      await go('#/users');
      await page.locator('[data-testid="user-row"]').first().waitFor();
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'users');
      await testid(page, 'new-user').click();
      await testid(page, 'user-form').waitFor();
      await testid(page, 'user-save').click();
      await page.locator('[data-testid="field-error"], [data-testid="form-error"]').first().waitFor();
      await keep(page, locale, 'users: new user, refused');
      await testid(page, 'user-cancel').click();
      await testid(page, 'new-integration').click();
      await testid(page, 'integration-form').waitFor();
      await keep(page, locale, 'users: new integration');

      // Pack subscriptions: the list and the log, the form refused by the page, then by the API (the
      // recipient may not see the branch); one created (a business day of its own in each locale),
      // its delivery planned, listed with its log; cancelled, its delivery failed with the reason.
      await go('#/subscriptions');
      await page.locator('[data-testid="subscription-row"], [data-testid="subscriptions-empty"]').first().waitFor();
      await page.locator('[data-testid="delivery-row"], [data-testid="deliveries-empty"]').first().waitFor();
      await keep(page, locale, 'subscriptions');
      await testid(page, 'new-subscription').click();
      await testid(page, 'subscription-save').click();
      await page.locator('[data-testid="subscription-form"] [data-testid="field-error"][data-field="email"]:not([hidden])').waitFor();
      await keep(page, locale, 'subscriptions: new, refused by the page');
      await testid(page, 'subscription-recipientUserId').selectOption(userIds.branchManager!);
      await testid(page, 'subscription-email').fill('wang.fang@dealer.example');
      await testid(page, 'subscription-unit').selectOption('SH-01');
      await testid(page, 'subscription-save').click();
      await page.locator('[data-testid="subscription-form"] [data-testid="field-error"][data-field="unit"]:not([hidden])').waitFor();
      await keep(page, locale, 'subscriptions: recipient out of scope');
      await testid(page, 'subscription-unit').selectOption('SH-02');
      await testid(page, 'subscription-businessDay').fill(String(LOCALES.indexOf(locale) + 1));
      await testid(page, 'subscription-save').click();
      const subscription = page.locator('[data-testid="subscription-row"]');
      await subscription.waitFor();
      expect(await platform.app.get(PackDeliveryScheduler).plan(new Date(Date.now() + 40 * 86_400_000))).toBe(1);
      await subscription.locator('[data-testid="subscription-log"]').click();
      await page.locator(`[data-testid="delivery-row"][data-subscription="${await subscription.getAttribute('data-id')}"]`).waitFor();
      await keep(page, locale, 'subscriptions: listed, with its log');
      // Edited: the form prefilled; saved after someone else changed it meanwhile (the API, behind
      // the page's back): refused (If-Match), said and reloaded.
      await subscription.locator('[data-testid="subscription-edit"]').click();
      await page.locator('[data-testid="subscription-form"][data-mode="edit"]').waitFor();
      await keep(page, locale, 'subscriptions: edit');
      const subscriptionId = (await subscription.getAttribute('data-id'))!;
      const current = await platform.http().get(`/api/v1/pack-subscriptions/${subscriptionId}`).set(headOffice).expect(200);
      await platform
        .http()
        .patch(`/api/v1/pack-subscriptions/${subscriptionId}`)
        .set(headOffice)
        .set('If-Match', current.headers.etag as string)
        .send({ view: 'as-closed' })
        .expect(200);
      await testid(page, 'subscription-save').click();
      await page.locator(`[data-testid="subscription-row"][data-version="${(current.body as { version: number }).version + 1}"]`).waitFor();
      await keep(page, locale, 'subscriptions: changed meanwhile, reloaded');
      await subscription.locator('[data-testid="subscription-toggle"]').click();
      await page.locator('[data-testid="subscription-row"][data-enabled="false"]').waitFor();
      await subscription.locator('[data-testid="subscription-delete"]').click();
      await keep(page, locale, 'subscriptions: paused, cancel asked');
      await subscription.locator('[data-testid="subscription-delete-confirm"]').click();
      await testid(page, 'subscriptions-empty').waitFor();
      await page.locator('[data-testid="delivery-row"][data-status="failed"]').first().waitFor();
      await keep(page, locale, 'subscriptions: cancelled, its delivery failed');

      // Error: the server fails (an internal error, then the store unavailable).
      for (const [status, code, hash] of [
        [500, 'INTERNAL_ERROR', `#/region/NORTH?period=${FOCUS}`],
        [503, 'STORE_UNAVAILABLE', `#/branch/BJ-01?period=${FOCUS}`],
      ] as const) {
        await page.route('**/api/v1/scorecard?*', (route) =>
          route.fulfill({ status, contentType: 'application/json', body: JSON.stringify({ statusCode: status, code, message: 'internal error' }) }),
        );
        await go(hash);
        await page.locator(`[data-testid="notice"][data-code="${code}"]`).waitFor();
        await keep(page, locale, `error: ${code}`);
        await page.unroute('**/api/v1/scorecard?*');
      }

      // Signed out, then a branch manager: another branch, the Users page, another branch's people and KPI.
      await testid(page, 'sign-out').click();
      await testid(page, 'sign-in-message').waitFor();
      await keep(page, locale, 'signed out');
      await signIn(page, USERS.branchManager.username, USERS.branchManager.password);
      await page.waitForURL((url) => url.hash.startsWith('#/branch/SH-02'));
      await page.locator('[data-testid="monthly-summary"][data-unit="SH-02"]').waitFor();
      await keep(page, locale, 'branch manager: own branch');
      await go(`#/branch/SH-01?period=${FOCUS}`);
      await testid(page, 'notice-text').filter({ hasText: /./ }).waitFor();
      await keep(page, locale, 'forbidden: another branch');
      await go(`#/region/NORTH?period=${FOCUS}`);
      await testid(page, 'notice-text').filter({ hasText: /./ }).waitFor();
      await keep(page, locale, 'forbidden: another region');
      await go('#/users');
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'forbidden: users page');
      await go('#/subscriptions');
      await page.locator('[data-testid="notice"][data-code="ROLE_FORBIDDEN"]').waitFor();
      await keep(page, locale, 'forbidden: pack subscriptions page');
      await go(`#/people/consultants/branch/BJ-01?period=${FOCUS}`);
      await page.locator('[data-testid="people-state"][data-state="forbidden"]').waitFor();
      await keep(page, locale, 'forbidden: people of another branch');
      await go(`#/kpi/revenue/branch/BJ-01?period=${FOCUS}`);
      await page.waitForLoadState('networkidle');
      await keep(page, locale, 'forbidden: KPI of another branch');
      await testid(page, 'sign-out').click();
      await testid(page, 'sign-in-form').waitFor();

      // The HTML packs of each level, as the dashboard's Print button opens them.
      for (const [level, path] of [
        ['branch', `/api/v1/branches/SH-01/monthly-summary/${FOCUS}`],
        ['region', `/api/v1/regions/EAST/monthly-summary/${FOCUS}`],
        ['group', `/api/v1/group/monthly-summary/${FOCUS}`],
        ['group, branch currency', `/api/v1/group/monthly-summary/${FOCUS}?currency=branch&view=as-closed`],
        ['empty', `/api/v1/group/monthly-summary/${EMPTY}`],
      ]) {
        const answer = await platform.http().get(path!).query({ format: 'html', locale, tz: 'Asia/Shanghai' }).set(headOffice).expect(200);
        const pack = await context.newPage();
        watchPage(pack, pageErrors);
        await pack.setContent(answer.text);
        await keep(pack, locale, `HTML pack: ${level}`);
        await pack.close();
      }
    } finally {
      await context.close();
    }
  }

  it.each(LOCALES)(
    'reads every page and state in %s',
    async (locale) => {
      await sweep(locale);
      expect(read.get(locale)!.length).toBeGreaterThan(30);
      // What was read, for a reader of the test's result.
      writeFileSync(join(platform.artifacts, `dashboard-locales-${locale}.json`), JSON.stringify(Object.fromEntries(read.get(locale)!), null, 1));
    },
    300_000,
  );

  it.each(['zh-CN', 'es'] as const)('leaves no English in %s', (locale) => {
    const dict = dictionaries(locale, pageTexts);
    const found = read.get(locale)!.flatMap(([state, seen]) => untranslated(locale, seen, dict).map((line) => `${state} — ${line}`));
    expect(found).toEqual([]);
  });

  it('finds the English pages English (the rules can fail)', () => {
    for (const locale of ['zh-CN', 'es'] as const) {
      const dict = dictionaries(locale, pageTexts);
      for (const [state, seen] of read.get('en')!) {
        if (state.startsWith('HTML pack: empty')) continue;
        expect({ state, found: untranslated(locale, seen, dict).length > 0 }).toEqual({ state, found: true });
      }
    }
  });

  it('has its own translated message for every error code the API answers the dashboard with', async () => {
    const codes = apiErrorCodes();
    expect(codes).toEqual(
      expect.arrayContaining([
        'EXPORT_TOO_LARGE',
        'OUT_OF_SCOPE',
        'UNKNOWN_KPI',
        'VALIDATION_FAILED',
        'INTERNAL_ERROR',
        'RECIPIENT_OUT_OF_SCOPE',
        'SUBSCRIPTION_DELETED',
      ]),
    );
    const { context, page } = await open('en');
    try {
      await page.goto(`${platform.baseUrl}/`);
      await testid(page, 'sign-in-form').waitFor();
      const messages = await page.evaluate<
        Record<string, Record<string, string | null>>
      >(`Promise.all([import('/assets/i18n.js'), import('/assets/messages.js')]).then(([{ texts }, { codeText }]) =>
        Object.fromEntries(${JSON.stringify(LOCALES)}.map((l) => [l, Object.fromEntries(${JSON.stringify(codes)}.map((c) => [c, codeText(texts(l), c)]))])))`);
      const missing = LOCALES.flatMap((l) => codes.filter((c) => !messages[l]![c]).map((c) => `${l} ${c}`));
      expect(missing).toEqual([]);
      const english = messages.en!;
      for (const locale of ['zh-CN', 'es'] as const) {
        const dict = dictionaries(locale, pageTexts);
        const seen = codes.map((c) => ({ where: c, text: messages[locale]![c]! }));
        expect(untranslated(locale, seen, dict)).toEqual([]);
        expect(codes.filter((c) => messages[locale]![c] === english[c])).toEqual([]);
      }
    } finally {
      await context.close();
    }
  });
});

/**
 * The error codes of the routes the dashboard calls (reporting, identity: sign-in, users and
 * integrations; delivery: pack subscriptions and their log; auth; the HTTP layer of platform-kit),
 * read from their source: `code: 'X'`, `readonly code = 'X'`, `badRequest('X'` and its kin (the
 * delivery log's reasons: `PermanentDeliveryError('X'`), the codes of statuses, and the access
 * constants. (Command routes' domain codes are not the dashboard's: it sends no commands but the
 * Users page's, whose codes are here.)
 */
function apiErrorCodes(): string[] {
  const root = join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'testing' ? [] : files(path);
      return name.endsWith('.ts') && !name.endsWith('spec.ts') && !name.endsWith('.docs.ts') ? [path] : [];
    });
  const codes = new Set<string>();
  for (const lib of ['reporting', 'identity', 'delivery', 'auth', 'platform-kit']) {
    for (const file of files(join(root, 'libs', lib, 'src'))) {
      const source = readFileSync(file, 'utf8');
      for (const pattern of [
        /\bcode: '([A-Z][A-Z0-9_]+)'/g,
        /readonly code = '([A-Z][A-Z0-9_]+)'/g,
        /\b(?:badRequest|conflict|notFound|unavailable|unprocessable|PermanentDeliveryError)\('([A-Z][A-Z0-9_]+)'/g,
        /\? '([A-Z][A-Z0-9]+_[A-Z0-9_]+)' : \(CODE_OF_STATUS/g,
        /^\s+\d{3}: '([A-Z][A-Z0-9_]+)',$/gm,
        /export const (?:ROLE_FORBIDDEN|OUT_OF_SCOPE|IDEMPOTENCY_KEY_REQUIRED) = '([A-Z][A-Z0-9_]+)'/g,
      ])
        for (const match of source.matchAll(pattern)) codes.add(match[1]!);
    }
  }
  return [...codes].sort();
}
