import { CommandOutcome } from '@app/event-store';
import { answerWith, ApiWriteRoute, authorizeCommand, commandContextOf, WritesContext } from '@app/platform-kit';
import { BadRequestException, Controller, Query, Req, Res, UploadedFile } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Request, Response } from 'express';
import { parseTableFile, PlanFileError, PlanProblem } from '../import-targets/plan-file.parser';
import { fileIdempotency, OrgFileUploadRoute, requireUploadedFile, UploadedOrgFile } from '../shared/file-upload';
import { ImportMarketRegistrationsCommand } from './import-market-registrations.command';
import { MarketImportResult } from './market-import-result.dto';
import { MARKET_COLUMNS, MARKET_FILE, marketRowsOf } from './market-file';

export class ImportMarketRegistrationsFileQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: cells imported before with other figures are revised (next version)' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'revise must be true or false' })
  revise?: 'true' | 'false';
}

/** A file that cannot be read or has rows with problems: 400, every problem by row and column, nothing imported. */
function fileRejected(code: 'MARKET_FILE_INVALID', problems: readonly PlanProblem[]): BadRequestException {
  const rows = new Set(problems.map((p) => p.row)).size;
  return new BadRequestException({
    code,
    message: `${problems.length} problem(s) in ${rows} row(s); nothing was imported`,
    errors: [...problems].sort((a, b) => a.row - b.row),
  });
}

/**
 * The market registrations as a file (multipart/form-data, field `file`): the same import as
 * POST /api/v1/org/market-registrations, from an .xlsx (first sheet) or .csv with a header row,
 * read like a plan file (zh-CN and es headers, a decimal comma or thousands marks).
 */
@WritesContext('org')
@ApiTags('org')
@Controller('api/v1/org/market-registrations/import')
export class ImportMarketRegistrationsFileController {
  constructor(private readonly commandBus: CommandBus) {}

  @OrgFileUploadRoute(
    `.xlsx (first sheet) or .csv (UTF-8); header row with the columns ${MARKET_COLUMNS.join(', ')}, or their zh-CN or es names (市场区域, 细分市场, 月份, 市场上牌量, 本店车型…); models separated by ";" or "、"`,
  )
  @ApiOperation({
    summary: "Import the market's registrations from a file (.xlsx or .csv): all rows or none; ?revise=true revises cells imported with other figures",
  })
  @ApiOkResponse({ description: 'Each row: imported, revised or unchanged, with the version in force', type: MarketImportResult })
  @ApiWriteRoute({
    context: 'org',
    idempotencyKey: { required: false, description: 'A retry with the same key and file returns the first answer' },
    mediaType: 'multipart/form-data',
    errors: {
      400: 'No file; or the file cannot be read or has rows with problems (MARKET_FILE_INVALID, by row and column); nothing was imported',
      409: 'A cell was imported before with other figures and revise is not true (MARKET_FIGURE_CONFLICT); nothing was imported',
      422: 'An area that is not a branch, a cell twice, a model in two segments of one area and month (MARKET_CELL_INVALID); or the Idempotency-Key was used before for another file',
    },
  })
  async import(
    @UploadedFile() upload: UploadedOrgFile | undefined,
    @Query() query: ImportMarketRegistrationsFileQuery,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<MarketImportResult> {
    const { caller, metadata } = commandContextOf(request, 'org');
    authorizeCommand(caller, 'org', undefined);
    const file = requireUploadedFile(upload, 'the market registrations');
    let parsed;
    try {
      parsed = await parseTableFile(MARKET_FILE, file.originalname, file.buffer);
    } catch (error) {
      if (error instanceof PlanFileError) throw fileRejected('MARKET_FILE_INVALID', error.problems);
      throw error;
    }
    const { rows, problems } = await marketRowsOf(parsed.rows);
    if (problems.length > 0) throw fileRejected('MARKET_FILE_INVALID', problems);
    if (rows.length === 0) throw fileRejected('MARKET_FILE_INVALID', [{ row: 2, column: null, message: 'the file has no rows' }]);
    const revise = query.revise === 'true';
    const idempotency = fileIdempotency(caller, request, file, { revise });
    const outcome: CommandOutcome<MarketImportResult> = await this.commandBus.execute(
      new ImportMarketRegistrationsCommand(
        { occurredAt: new Date().toISOString(), revise, rows },
        { caller, metadata, ...(idempotency ? { idempotency } : {}) },
      ),
    );
    return answerWith(response, outcome);
  }
}
