import { CommandOutcome } from '@app/event-store';
import { answerWith, ApiWriteRoute, authorizeCommand, commandContextOf, WritesContext } from '@app/platform-kit';
import { Controller, Query, Req, Res, UploadedFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { ImportTargetsCommand } from './import-targets.command';
import { ImportTargetsQuery } from './import-targets.query.dto';
import { PLAN_COLUMNS } from './plan-file.parser';
import { PlanImportReport } from './plan-import';
import { PlanImportReportDto } from './plan-import-report.dto';
import { fileIdempotency, OrgFileUploadRoute, requireUploadedFile, UploadedOrgFile } from '../shared/file-upload';

/**
 * Plan import (multipart/form-data, field `file`). Not in the org batch endpoint: a batch item is
 * JSON, a plan is a file.
 */
@WritesContext('org')
@ApiTags('org')
@Controller('api/v1/org/targets/import')
export class ImportTargetsController {
  constructor(private readonly commandBus: CommandBus) {}

  @OrgFileUploadRoute(
    `.xlsx (first sheet) or .csv (UTF-8); header row with the columns ${PLAN_COLUMNS.join(', ')}, or their zh-CN or es names (指标, 期间, 数值, 币种…; libs/org/README.md)`,
  )
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
    @UploadedFile() upload: UploadedOrgFile | undefined,
    @Query() query: ImportTargetsQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<PlanImportReport> {
    const file = requireUploadedFile(upload, 'the plan');
    const dryRun = query.dryRun === 'true';
    const { caller, metadata, expectedVersion: _ignored } = commandContextOf(request, 'org');
    authorizeCommand(caller, 'org', undefined);
    const idempotency = dryRun ? undefined : fileIdempotency(caller, request, file);
    const outcome: CommandOutcome<PlanImportReport> = await this.commandBus.execute(
      new ImportTargetsCommand(
        { fileName: file.originalname, content: file.buffer, dryRun, occurredAt: new Date().toISOString() },
        { caller, metadata, ...(idempotency ? { idempotency } : {}) },
      ),
    );
    return answerWith(response, outcome);
  }
}
