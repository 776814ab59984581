/**
 * The HTML pack laid out by a real browser (Debian's Chromium, headless): no cell of the table is
 * cut or spills over its neighbour at the printed width (A4 landscape) or on a narrow screen, in
 * Chinese, Spanish and English: a comparison in percentage points (`+1.7 个百分点`) wraps at its
 * space instead of ending in "…".
 */
import { renderSummaryHtml } from '@app/reporting';
import { sampleRegionSummary, sampleSummary } from '@app/reporting/testing';
import { Locale } from '@app/kpi';
import { existsSync } from 'node:fs';
import { Browser, chromium, Page } from 'playwright-core';

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: apt-get install -y chromium (.ci/run does)`);
  return found;
}

/** The sample pack with a wide percentage-point comparison on the gross margin. */
function pack(locale: Locale) {
  const sample = sampleSummary(locale);
  return {
    ...sample,
    sections: sample.sections.map((section) => ({
      ...section,
      rows: section.rows.map((row) =>
        row.kpiId === 'vehicle_gross_margin' && row.mom
          ? { ...row, mom: { ...row.mom, change: '1.70' }, yoy: { ...row.mom, period: '2025-01', change: '-12.30' } }
          : row,
      ),
    })),
  };
}

interface Clipped {
  readonly kpi: string | null;
  readonly column: string | null;
  readonly text: string;
}

describe('HTML pack layout in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
    page = await browser.newPage();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Cells whose content is wider than the cell (cut, or drawn over the next one), or ending in an ellipsis. */
  const clipped = (): Promise<Clipped[]> =>
    page.evaluate(`[...document.querySelectorAll('tbody td')]
      .filter((td) => td.scrollWidth > td.clientWidth + 1 || getComputedStyle(td).textOverflow === 'ellipsis' || td.innerText.endsWith('…'))
      .map((td) => ({ kpi: td.parentElement.getAttribute('data-kpi'), column: td.getAttribute('data-column'), text: td.innerText }))`);

  const cellText = (kpi: string, column: string): Promise<string> =>
    page.evaluate(`document.querySelector('tr[data-kpi="${kpi}"] td[data-column="${column}"]').innerText.replace(/\\s+/g, ' ')`);

  it.each([
    ['zh-CN', '+1.7 个百分点', '-12.3 个百分点'],
    ['es', '+1,7 p. p.', '-12,3 p. p.'],
    ['en', '+1.7 pp', '-12.3 pp'],
  ] as const)('%s: every cell whole, printed on A4 landscape and on a narrow screen', async (locale, mom, yoy) => {
    await page.setContent(renderSummaryHtml(pack(locale)));
    // A4 landscape less the 12 mm margins is about 1032 CSS pixels; then a small laptop window half-width.
    for (const [media, width] of [
      ['print', 1032],
      ['screen', 1032],
      ['screen', 760],
    ] as const) {
      await page.emulateMedia({ media });
      await page.setViewportSize({ width, height: 900 });
      expect([media, width, await clipped()]).toEqual([media, width, []]);
      expect(await cellText('vehicle_gross_margin', 'mom')).toBe(mom);
      expect(await cellText('vehicle_gross_margin', 'yoy')).toBe(yoy);
    }
  });

  it.each(['zh-CN', 'es', 'en'] as const)('%s region pack in branch currency: subtotal rows, the ranking and the trend table whole', async (locale) => {
    await page.setContent(renderSummaryHtml(sampleRegionSummary(locale)));
    for (const [media, width] of [
      ['print', 1032],
      ['screen', 760],
    ] as const) {
      await page.emulateMedia({ media });
      await page.setViewportSize({ width, height: 900 });
      expect([media, width, await clipped()]).toEqual([media, width, []]);
    }
    expect(await page.evaluate(`document.querySelectorAll('section[data-section="trend"] tbody tr').length`)).toBe(12);
  });
});
