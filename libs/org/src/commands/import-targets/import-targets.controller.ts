import { CommandOutcome } from '@app/event-store';
import { ApiWriteRoute, authorizeCommand, commandContextOf, idempotencyFor, REPLAYED_HEADER, WritesContext } from '@app/platform-kit';
import { BadRequestException, Controller, HttpCode, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { ImportTargetsCommand } from './import-targets.command';
import { ImportTargetsQuery } from './import-targets.query.dto';
import { PLAN_COLUMNS } from './plan-file.parser';
import { PlanImportReport } from './plan-import';
import { PlanImportReportDto } from './plan-import-report.dto';

/** Largest plan file accepted; a larger one is a 413. */
export const MAX_PLAN_FILE_BYTES = 10 * 1024 * 1024;

/** The part of multer's file the import reads. */
interface UploadedPlanFile {
  readonly originalname: string;
  readonly buffer: Buffer;
}

/**
 * Plan import (multipart/form-data, field `file`). Not in the org batch endpoint: a batch item is
 * JSON, a plan is a file.
 */
@WritesContext('org')
@ApiTags('org')
@Controller('api/v1/org/targets/import')
export class ImportTargetsController {
  constructor(private readonly commandBus: CommandBus) {}

  @Post()
  @HttpCode(200)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_PLAN_FILE_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description: `.xlsx (first sheet) or .csv (UTF-8); header row with the columns ${PLAN_COLUMNS.join(', ')}, or their zh-CN or es names (指标, 期间, 数值, 币种…; libs/org/README.md)`,
        },
      },
    },
  })
  @ApiOperation({
    summary: 'Import a plan of targets from a file (.xlsx or .csv): every row is set or revised, or nothing when a row has problems; ?dryRun=true only checks',
  })
  @ApiOkResponse({
    description: 'The report: per row ok (set, revised or unchanged, with the version) or its errors by column; imported says whether anything was appended',
    type: PlanImportReportDto,
  })
  @ApiWriteRoute({
    context: 'org',
    idempotencyKey: { required: false, description: 'A retry with the same key and file returns the first answer' },
    mediaType: 'multipart/form-data',
    badRequestBody: PlanImportReportDto,
    errors: {
      400: 'No file; or the file has problems: then the body is the report, listing them by row and column (PLAN_FILE_INVALID, PLAN_IMPORT_INVALID); nothing was imported',
      409: 'A target of the file changed while it was imported; nothing was imported, send it again',
      422: 'The Idempotency-Key was used before for another file (IDEMPOTENCY_KEY_REUSED)',
    },
  })
  async import(
    @UploadedFile() file: UploadedPlanFile | undefined,
    @Query() query: ImportTargetsQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PlanImportReport> {
    if (!file) {
      throw new BadRequestException({
        code: 'VALIDATION_FAILED',
        message: 'file is required: send the plan as multipart/form-data in the field "file"',
        errors: [{ field: 'file', messages: ['file is required'] }],
      });
    }
    const dryRun = query.dryRun === 'true';
    const { caller, metadata, expectedVersion: _ignored } = commandContextOf(request, 'org');
    authorizeCommand(caller, 'org', undefined);
    const key = request.headers['idempotency-key'];
    const fileHash = createHash('sha256').update(file.buffer).digest('hex');
    const idempotency = dryRun
      ? undefined
      : idempotencyFor('org', caller, Array.isArray(key) ? key[0] : key, 'POST', request.path, { file: fileHash, name: file.originalname });
    const outcome: CommandOutcome<PlanImportReport> = await this.commandBus.execute(
      new ImportTargetsCommand(
        { fileName: file.originalname, content: file.buffer, dryRun, occurredAt: new Date().toISOString() },
        { caller, metadata, ...(idempotency ? { idempotency } : {}) },
      ),
    );
    response.status(outcome.statusCode);
    response.setHeader(REPLAYED_HEADER, String(outcome.replayed));
    return outcome.body;
  }
}
