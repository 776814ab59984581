import { metricsRegistry } from '@app/observability';
import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Public } from './access';

/**
 * Prometheus metrics of this process (text format 0.0.4): open without a token (on the public
 * list, like /health), as a scraper has no user token. Nothing in it names a user, a branch or a
 * figure: only counts and timings by route, command, topic and report (docs/security.md).
 */
@Public()
@ApiTags('health')
@Controller('metrics')
export class MetricsController {
  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'Prometheus text format: HTTP, commands, event store, relay, projector, roll-up, reports, process',
    schema: { type: 'string', example: '# TYPE dealer_kpi_ready gauge\ndealer_kpi_ready{endpoint="/health/ready"} 1\n' },
  })
  metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
