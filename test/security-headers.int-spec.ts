/**
 * The Content-Security-Policy of configureHttpApp in a real browser (Debian's headless Chromium,
 * driven by playwright-core): the dashboard at / (its ES modules and ECharts under /assets/) and
 * Swagger UI at /docs load and run with no policy violation.
 */
import { configureHttpApp } from '@app/platform-kit';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { existsSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { Browser, chromium, Page } from 'playwright-core';
import { DashboardModule } from '@app/reporting';

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`no Chromium at ${candidates.join(', ')}: apt-get install -y chromium (.ci/run does)`);
  return found;
}

interface Violation {
  readonly directive: string;
  readonly blocked: string;
}

describe('security headers in a browser: the dashboard and Swagger UI work under the Content-Security-Policy', () => {
  let app: INestApplication;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DashboardModule] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'CSP test' });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
  });

  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Opens `path` and gathers the policy violations the page reports, and console messages about the policy. */
  async function open(path: string): Promise<{ page: Page; violations: () => Promise<Violation[]>; consoleCsp: string[]; pageErrors: Error[] }> {
    const page = await browser.newPage();
    const consoleCsp: string[] = [];
    const pageErrors: Error[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleCsp.push(message.text());
    });
    page.on('pageerror', (error) => pageErrors.push(error));
    // Browser code as text: the test's TypeScript has no DOM types.
    await page.addInitScript(`
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (event) => window.__violations.push({ directive: event.violatedDirective, blocked: event.blockedURI }));
    `);
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    return { page, violations: () => page.evaluate<Violation[]>('window.__violations'), consoleCsp, pageErrors };
  }

  it('the dashboard loads ECharts and its ES modules from /assets/ without any violation', async () => {
    const { page, violations, consoleCsp } = await open('/');
    // Polled with evaluate, not waitForFunction: waitForFunction needs eval, which the page's CSP refuses.
    const until = async (expression: string): Promise<void> => {
      for (let i = 0; i < 300; i++) {
        if (await page.evaluate<boolean>(expression)) return;
        await page.waitForTimeout(50);
      }
      throw new Error(`not true within 15 s: ${expression}`);
    };
    await until("typeof window.echarts === 'object'");
    // The module ran: it filled the translated texts of the page.
    await until(`(document.querySelector('[data-i18n="title"]')?.textContent ?? '').trim() !== ''`);
    await page.waitForTimeout(300);
    expect(await violations()).toEqual([]);
    expect(consoleCsp).toEqual([]);
    await page.close();
  });

  it('Swagger UI at /docs renders the document without any violation', async () => {
    const { page, violations, consoleCsp, pageErrors } = await open('/docs');
    await page.waitForSelector('.swagger-ui .info .title', { timeout: 15000 });
    expect(await page.textContent('.swagger-ui .info .title')).toContain('CSP test');
    expect(await violations()).toEqual([]);
    expect(consoleCsp).toEqual([]);
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('an inline script is blocked (the policy is in force)', async () => {
    const { page, violations } = await open('/');
    await page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.appendChild(script);
    }`);
    await page.waitForTimeout(200);
    expect(await page.evaluate<boolean>('window.__inlineRan === true')).toBe(false);
    expect((await violations()).map((v) => v.directive)).toContain('script-src-elem');
    await page.close();
  });
});
