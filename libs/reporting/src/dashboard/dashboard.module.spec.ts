import { configureHttpApp } from '@app/platform-kit';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { repoRoot } from '@app/infra';
import { readFileSync } from 'node:fs';
import { Server } from 'node:http';
import { join } from 'node:path';
import request from 'supertest';
import { DashboardModule } from './dashboard.module';

describe('DashboardModule', () => {
  let app: INestApplication;
  const http = () => request(app.getHttpServer() as Server);

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ imports: [DashboardModule] }).compile();
    app = moduleRef.createNestApplication({ logger: ['error'] });
    configureHttpApp(app, { title: 'dashboard' });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves the page at / with its modules, stylesheet and ECharts from npm', async () => {
    const page = await http().get('/').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<script src="assets/echarts.min.js"></script>');
    expect(page.text).toContain('data-testid="kpi-tiles"');
    for (const file of ['app.js', 'api.js', 'i18n.js']) {
      const script = await http().get(`/assets/${file}`).expect(200);
      expect(script.headers['content-type']).toMatch(/javascript/);
    }
    expect((await http().get('/assets/style.css').expect(200)).headers['content-type']).toMatch(/^text\/css/);
    const echarts = await http().get('/assets/echarts.min.js').expect(200);
    expect(echarts.headers['content-type']).toMatch(/^text\/javascript/);
    expect(echarts.text.length).toBeGreaterThan(500_000);
  });

  it('answers unknown paths with the JSON 404, not the page, and keeps the API docs', async () => {
    const missing = await http().get('/api/v1/nothing-here').expect(404);
    expect(missing.headers['content-type']).toMatch(/json/);
    await http().get('/assets/missing.js').expect(404);
    await http().get('/assets/..%2F..%2Fsrc%2Freporting.module.ts').expect(404);
    await http().get('/missing.js').expect(404);
    await http().get('/docs').expect(200);
  });

  it('ships in the Docker image: the runtime stage copies the files the build in dist/ does not hold', () => {
    expect(readFileSync(join(repoRoot(), 'Dockerfile'), 'utf8')).toMatch(/^COPY libs\/reporting\/web \.\/libs\/reporting\/web$/m);
  });
});
