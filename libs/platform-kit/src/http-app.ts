import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createValidationPipe, ErrorBodyFilter, RejectNulCharactersPipe } from './http-errors';

export interface HttpAppOptions {
  readonly title: string;
  readonly description?: string;
  /** Largest JSON body accepted (default 5 MB: a batch of 1,000 commands); larger ones get 413. */
  readonly bodyLimit?: string;
}

/**
 * What every HTTP app of the platform shares: validation, error bodies, body limit, OpenAPI at
 * /docs. Signals are handled by `listenUntilSignalled`, which closes the app and then the
 * infrastructure it started (Nest's own shutdown hooks would re-raise the signal first).
 */
export function configureHttpApp(app: INestApplication, options: HttpAppOptions): void {
  const express = app as NestExpressApplication;
  express.useBodyParser('json', { limit: options.bodyLimit ?? '5mb' });
  app.useGlobalPipes(new RejectNulCharactersPipe(), createValidationPipe());
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
