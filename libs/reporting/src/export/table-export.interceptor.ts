import { LOCALES, Locale } from '@app/kpi';
import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, StreamableFile, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtraModels, ApiOkResponse, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { IsIn, IsOptional, IsTimeZone, MaxLength } from 'class-validator';
import type { ExportContext } from './report-tables';
import { Request } from 'express';
import { from, Observable, switchMap } from 'rxjs';
import { ExportTable, exportFileName, renderTableCsv, renderTableXlsx, TABLE_CONTENT_TYPES, TABLE_FORMATS, TableFormat } from './table-export';

const TABLE_EXPORT = 'reporting:table-export';

/** Turns a report's JSON answer (with its `asOf`) into a download table. */
export type TableExporter = (body: never, context: ExportContext) => ExportTable;

/** The `format` query parameter of a table report: json (default), csv or xlsx. */
export function TableFormatParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      enum: TABLE_FORMATS,
      default: 'json',
      description:
        'json: the report; csv: UTF-8 with a BOM, `;` and decimal comma for es, `,` and dot for zh-CN and en (how each locale’s Excel opens it), exact decimal strings; ' +
        'xlsx: a workbook with number cells (percentages as fractions with a % format) and an "about" sheet (the query and the as-of mark). ' +
        'Column headers in the locale; money with its currency column; ratios with their numerator and denominator. The figures are those of the JSON answer.',
    }),
    IsOptional(),
    IsIn(TABLE_FORMATS, { message: `format must be one of ${TABLE_FORMATS.join(', ')}` }),
  );
}

/** The reader's time zone of a download (`tz`): the times its about sheet shows (generated, as of). */
export function ReaderTimeZoneParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      example: 'Europe/Madrid',
      description: "xlsx: the reader's IANA time zone for the times the workbook shows (generated, as of); default UTC",
    }),
    IsOptional(),
    MaxLength(64, { message: 'tz must be an IANA time zone such as Asia/Shanghai' }),
    IsTimeZone({ message: 'tz must be an IANA time zone such as Asia/Shanghai' }),
  );
}

/** The format a validated request asks for. */
export function tableFormatOf(query: { format?: TableFormat }): TableFormat {
  return query.format ?? 'json';
}

/**
 * After the handler (and after the as-of interceptor added `asOf`): with `format=csv|xlsx`, the
 * JSON answer is rendered as a download with a file name; otherwise it passes through. Errors stay
 * JSON error bodies. The handler is the JSON read itself, so scope checks and figures are the same.
 */
@Injectable()
export class TableExportInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const exporter = this.reflector.get<TableExporter | undefined>(TABLE_EXPORT, context.getHandler());
    const request = context.switchToHttp().getRequest<Request>();
    const format = request.query.format;
    if (!exporter || (format !== 'csv' && format !== 'xlsx')) return next.handle();
    const asked = request.query.locale;
    const locale: Locale = typeof asked === 'string' && (LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : 'en';
    return next.handle().pipe(
      switchMap((body: unknown) =>
        from(
          (async () => {
            const tz = request.query.tz;
            const table = exporter(body as never, { locale, query: request.query, timeZone: typeof tz === 'string' ? tz : undefined });
            const content = format === 'csv' ? Buffer.from(renderTableCsv(table), 'utf8') : await renderTableXlsx(table);
            return new StreamableFile(content, { type: TABLE_CONTENT_TYPES[format], disposition: `attachment; filename="${exportFileName(table, format)}"` });
          })(),
        ),
      ),
    );
  }
}

/**
 * A table report that can also be downloaded (`format=csv|xlsx`). Put it below `@ReportsAsOf` so
 * that it runs outside it and sees the `asOf` of the answer.
 */
export function ExportsTable(exporter: TableExporter): MethodDecorator {
  return applyDecorators(SetMetadata(TABLE_EXPORT, exporter), UseInterceptors(TableExportInterceptor));
}

/** The 200 answer of a table report in OpenAPI: the JSON schema, or the CSV / XLSX download (`format`). */
export function ApiTableReport(description: string, type: new () => object): MethodDecorator {
  return applyDecorators(
    ApiExtraModels(type),
    ApiOkResponse({
      description: `${description}. With format=csv or xlsx: the same figures as a download (Content-Disposition: attachment; file name)`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(type) } },
        'text/csv': { schema: { type: 'string' } },
        [TABLE_CONTENT_TYPES.xlsx]: { schema: { type: 'string', format: 'binary' } },
      },
    }),
  );
}
