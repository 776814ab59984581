import { repoRoot } from '@app/infra';
import { Public } from '@app/platform-kit';
import { Controller, Get, HttpStatus, Module, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Response } from 'express';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** The dashboard's static files, from the source tree (the build in dist/ has no copy of them). */
export function dashboardFolder(): string {
  return join(repoRoot(), 'libs', 'reporting', 'web');
}

/**
 * The files served under /assets/: every file of web/assets, and Apache ECharts' browser build
 * from its npm package (no CDN). Only names listed here are served, so no path can leave them.
 */
export function dashboardAssets(folder = dashboardFolder()): Map<string, string> {
  const assets = new Map(readdirSync(join(folder, 'assets')).map((name) => [name, join(folder, 'assets', name)]));
  assets.set('echarts.min.js', require.resolve('echarts/dist/echarts.min.js'));
  return assets;
}

/**
 * The web dashboard: the page at `/`, its ES modules, stylesheet and ECharts under `/assets/`.
 * The files hold nothing secret and are served without a token; the page calls the reporting
 * API with the user's bearer token. A controller rather than a static middleware, so that apps
 * built with Nest's TestingModule serve it exactly as `npm start` does.
 */
@Public()
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly page = join(dashboardFolder(), 'index.html');
  private readonly assets = dashboardAssets();

  @Get()
  index(@Res() response: Response): void {
    response.sendFile(this.page, { headers: { 'cache-control': 'no-cache' } });
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    const path = this.assets.get(file);
    if (!path) throw new NotFoundException({ statusCode: HttpStatus.NOT_FOUND, code: 'NOT_FOUND', message: `no dashboard file ${file}` });
    // Revalidated with the ETag on every load: a deployment shows its own files at once.
    response.sendFile(path, { headers: { 'cache-control': 'no-cache' } });
  }
}

@Module({ controllers: [DashboardController] })
export class DashboardModule {}
