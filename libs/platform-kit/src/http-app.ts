import { correlationIds, httpMetrics } from '@app/observability';
import { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { IncomingMessage } from 'node:http';
import { createValidationPipe, ErrorBodyFilter, MAX_JSON_DEPTH, RejectUnstorableTextPipe } from './http-errors';
import { assertJsonDepth, MULTIPART_ROUTES, oidcProviderOrigins, rejectUnstorableBodyText, requireJsonBodies, securityHeaders } from './http-hardening';

export interface HttpAppOptions {
  readonly title: string;
  readonly description?: string;
  /** Largest JSON body accepted (default 5 MB: a batch of 1,000 commands); larger ones get 413. */
  readonly bodyLimit?: string;
  /** Deepest nesting of a JSON body (default {@link MAX_JSON_DEPTH}); deeper ones get 400 BODY_TOO_DEEP. */
  readonly maxJsonDepth?: number;
  /** Routes that take multipart/form-data instead of JSON (default {@link MULTIPART_ROUTES}). */
  readonly multipartRoutes?: readonly string[];
}

/**
 * Nest registers a JSON and a form-encoded body parser at `init()` unless the app was created with
 * `bodyParser: false`. Apps built with `NestFactory.create` pass that option; apps built by a
 * TestingModule often do not, so it is switched off here as well: the only parser is the one below.
 */
function withoutDefaultBodyParsers(app: INestApplication): void {
  const options = (app as unknown as { appOptions?: NestApplicationOptions }).appOptions;
  if (options) options.bodyParser = false;
}

/**
 * What every HTTP app of the platform shares, in this order: request metrics (every answer, by route
 * template and status); security headers; JSON-only bodies
 * (415 otherwise; uploads as multipart/form-data on their routes only); the JSON parser with its
 * size (413) and depth (400 BODY_TOO_DEEP) limits; unstorable text refused (400 naming the
 * field); the correlation id (X-Correlation-Id, made current for log lines and events: after the
 * body parser, whose stream callbacks would lose it); validation and error bodies; OpenAPI at /docs. Form-encoded bodies are never parsed.
 * Signals are handled by `listenUntilSignalled`, which closes the app and then the infrastructure
 * it started (Nest's own shutdown hooks would re-raise the signal first).
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  withoutDefaultBodyParsers(app);
  express.use(httpMetrics);
  express.use(securityHeaders(oidcProviderOrigins()));
  express.use(requireJsonBodies(options.multipartRoutes ?? MULTIPART_ROUTES));
  const maxDepth = options.maxJsonDepth ?? MAX_JSON_DEPTH;
  const json = { limit: options.bodyLimit ?? '5mb', verify: (_request: IncomingMessage, _response: unknown, body: Buffer) => assertJsonDepth(body, maxDepth) };
  express.useBodyParser('json', json);
  express.use(rejectUnstorableBodyText);
  express.use(correlationIds);
  app.useGlobalPipes(new RejectUnstorableTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ErrorBodyFilter());
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle(options.title)
      .setDescription(options.description ?? '')
      .setVersion('1')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
}
