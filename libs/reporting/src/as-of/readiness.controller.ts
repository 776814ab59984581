import { kpiRollupIsCurrent } from '@app/kpi';
import { watchReadiness } from '@app/observability';
import { ErrorBodyDto, Public } from '@app/platform-kit';
import { Controller, Get, HttpStatus, Logger, OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReadinessDto } from './as-of.docs';
import { AsOfMark } from './as-of.types';
import { ReadModelFreshness } from './read-model-freshness.service';
import { lagProblem, ReadinessLimits, readinessLimitsFromEnv } from './readiness.settings';

export interface Readiness {
  readonly status: 'ready';
  readonly projector: AsOfMark;
  readonly kpiRollup: AsOfMark;
  readonly kpiRollupCurrent: boolean;
}

/** A 503 NOT_READY answer's body. */
export interface NotReady {
  readonly statusCode: HttpStatus.SERVICE_UNAVAILABLE;
  readonly code: 'NOT_READY';
  readonly message: string;
  readonly retryAfterSeconds: number;
  /** With a projector too far behind: its mark (the facts'), as a PROJECTION_BEHIND answer states it. */
  readonly asOf?: AsOfMark;
}

/**
 * Readiness of the read side: open without a token (on the public list), like /health. Ready
 * while ClickHouse (and the store, when this process has it) answer and, when a limit is set
 * (READINESS_MAX_LAG_EVENTS, READINESS_MAX_LAG_SECONDS), while the projector is within it. Without
 * a limit a lagging projector stays ready: its figures say how old they are, and reads that need a
 * position ask for it. The same check feeds the `dealer_kpi_ready` gauge at every scrape.
 */
@Public()
@ApiTags('health')
@Controller('health')
export class ReadinessController implements OnModuleDestroy {
  private readonly logger = new Logger('Readiness');
  private readonly limits: ReadinessLimits = readinessLimitsFromEnv(process.env);
  private readonly unwatch: () => void;

  constructor(private readonly freshness: ReadModelFreshness) {
    this.unwatch = watchReadiness(async () => 'status' in (await this.check()));
  }

  onModuleDestroy(): void {
    this.unwatch();
  }

  @Get('ready')
  @ApiOkResponse({ description: "Ready: the projector's and the KPI month roll-up's marks and lag behind the event store", type: ReadinessDto })
  @ApiResponse({
    status: 503,
    description:
      'ClickHouse or the event store does not answer, or the projector is further behind than READINESS_MAX_LAG_EVENTS / _SECONDS (NOT_READY, Retry-After)',
    type: ErrorBodyDto,
  })
  async ready(): Promise<Readiness> {
    const answer = await this.check();
    if (!('status' in answer)) {
      this.logger.warn(`not ready: ${answer.detail}`);
      throw new ServiceUnavailableException(answer.notReady);
    }
    return answer;
  }

  /** Ready, or why not: the answer's body, and the detail for the log (a driver's error message stays out of the body). */
  async check(): Promise<Readiness | { readonly notReady: NotReady; readonly detail: string }> {
    let readiness: Readiness;
    try {
      const [projector, kpiRollup, kpiRollupCurrent] = await Promise.all([
        this.freshness.mark('facts'),
        this.freshness.mark('kpi-month-rollup'),
        kpiRollupIsCurrent(this.freshness.clickhouseClient),
      ]);
      readiness = { status: 'ready', projector, kpiRollup, kpiRollupCurrent };
    } catch (error) {
      const message = 'ClickHouse or the event store does not answer';
      return {
        notReady: { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'NOT_READY', message, retryAfterSeconds: 5 },
        detail: `${message}: ${(error as Error).message}`,
      };
    }
    const tooFar = lagProblem(readiness.projector.lag, this.limits);
    if (tooFar === undefined) return readiness;
    return {
      notReady: { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'NOT_READY', message: tooFar, retryAfterSeconds: 5, asOf: readiness.projector },
      detail: tooFar,
    };
  }
}
