import { kpiRollupIsCurrent } from '@app/kpi';
import { ErrorBodyDto, Public } from '@app/platform-kit';
import { Controller, Get, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReadinessDto } from './as-of.docs';
import { AsOfMark } from './as-of.types';
import { ReadModelFreshness } from './read-model-freshness.service';

export interface Readiness {
  readonly status: 'ready';
  readonly projector: AsOfMark;
  readonly kpiRollup: AsOfMark;
  readonly kpiRollupCurrent: boolean;
}

/**
 * Readiness of the read side: open without a token (on the public list), like /health. Ready
 * while ClickHouse (and the store, when this process has it) answer, whatever the lag: a lagging
 * projector serves figures that say how old they are, and reads that need a position ask for it.
 */
@Public()
@ApiTags('health')
@Controller('health')
export class ReadinessController {
  private readonly logger = new Logger('Readiness');

  constructor(private readonly freshness: ReadModelFreshness) {}

  @Get('ready')
  @ApiOkResponse({ description: "Ready: the projector's and the KPI month roll-up's marks and lag behind the event store", type: ReadinessDto })
  @ApiResponse({ status: 503, description: 'ClickHouse or the event store does not answer (NOT_READY, Retry-After)', type: ErrorBodyDto })
  async ready(): Promise<Readiness> {
    try {
      const [projector, kpiRollup, kpiRollupCurrent] = await Promise.all([
        this.freshness.mark('facts'),
        this.freshness.mark('kpi-month-rollup'),
        kpiRollupIsCurrent(this.freshness.clickhouseClient),
      ]);
      return { status: 'ready', projector, kpiRollup, kpiRollupCurrent };
    } catch (error) {
      this.logger.warn(`not ready: ${(error as Error).message}`);
      throw new ServiceUnavailableException({
        statusCode: HttpStatus.SERVICE_UNAVAILABLE,
        code: 'NOT_READY',
        message: 'ClickHouse or the event store does not answer',
        retryAfterSeconds: 5,
      });
    }
  }
}
