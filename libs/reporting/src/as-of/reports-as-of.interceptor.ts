import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, StreamableFile, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiResponse } from '@nestjs/swagger';
import { ErrorBodyDto } from '@app/platform-kit';
import { Request, Response } from 'express';
import { Observable, map } from 'rxjs';
import { AsOfMark, ReportSource } from './as-of.types';
import { parseMinPosition, ReadModelFreshness } from './read-model-freshness.service';

const REPORT_SOURCE = 'reporting:as-of-source';

/** The header that repeats the mark's position on every report (also for downloads). */
export const AS_OF_POSITION_HEADER = 'X-As-Of-Position';

export const PROJECTION_BEHIND_DOC = {
  status: 503,
  description:
    'PROJECTION_BEHIND: minPosition is not in the figures after the bounded wait (Retry-After; the body has minPosition and the current asOf mark). ' +
    'Also when tokens cannot be checked (AUTH_UNAVAILABLE)',
  type: ErrorBodyDto,
} as const;

/** Sets the mark's header on a response. */
export function setAsOfHeader(response: Response, asOf: AsOfMark): void {
  response.setHeader(AS_OF_POSITION_HEADER, asOf.position ?? '0');
}

/**
 * Before the handler: the bounded wait for `minPosition` (read-your-writes) and the mark of the
 * read model the report reads; after it: the mark added to the JSON body as `asOf`.
 */
@Injectable()
export class ReportsAsOfInterceptor implements NestInterceptor {
  constructor(
    private readonly freshness: ReadModelFreshness,
    private readonly reflector: Reflector,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const source = this.reflector.get<ReportSource | undefined>(REPORT_SOURCE, context.getHandler()) ?? 'facts';
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const asOf = await this.freshness.prepare(parseMinPosition(request.query.minPosition), source);
    setAsOfHeader(http.getResponse<Response>(), asOf);
    // A download (StreamableFile, Buffer) passes through: its renderer states the mark itself.
    const isJsonObject = (body: unknown): body is object =>
      typeof body === 'object' && body !== null && !Array.isArray(body) && !(body instanceof StreamableFile) && !Buffer.isBuffer(body);
    return next.handle().pipe(map((body: unknown) => (isJsonObject(body) ? { ...body, asOf } : body)));
  }
}

/**
 * A report route that states its as-of mark and honours minPosition. `source`: what it reads
 * (the KPI month roll-up when current, else the facts: its mark follows).
 */
export function ReportsAsOf(source: ReportSource): MethodDecorator {
  return applyDecorators(SetMetadata(REPORT_SOURCE, source), UseInterceptors(ReportsAsOfInterceptor), ApiResponse(PROJECTION_BEHIND_DOC));
}
