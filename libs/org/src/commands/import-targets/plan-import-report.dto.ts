import { TARGET_GRAINS, TARGET_KINDS, TARGET_PERIOD_KINDS, TargetGrain, TargetKind, TargetPeriodKind } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { TargetCell } from '../../domain/target.aggregate';
import { PlanFileFormat, PlanProblem } from './plan-file.parser';
import { PlanRowAction } from './plan-import';

class PlanProblemDto implements PlanProblem {
  @ApiProperty({ example: 3, description: 'Row of the file (1 is the header)' })
  row!: number;

  @ApiProperty({ type: String, nullable: true, example: 'value', description: 'The column, or null for a problem of the whole row' })
  column!: string | null;

  @ApiProperty({ example: 'value must be a decimal number' })
  message!: string;
}

class TargetCellDto implements TargetCell {
  @ApiProperty({ example: 'service_revenue' })
  kpi!: string;

  @ApiProperty({ enum: TARGET_PERIOD_KINDS })
  periodKind!: TargetPeriodKind;

  @ApiProperty({ example: '2026-01' })
  period!: string;

  @ApiProperty({ enum: TARGET_GRAINS })
  grain!: TargetGrain;

  @ApiProperty({ example: 'SH-01', description: '"group"; a region id; a branch id; `<branchId>:<department>`; an employee id' })
  grainId!: string;

  @ApiProperty({ type: String, nullable: true })
  model!: string | null;

  @ApiProperty({ type: String, nullable: true })
  segment!: string | null;

  @ApiProperty({ enum: TARGET_KINDS })
  kind!: TargetKind;
}

class PlanImportRowDto {
  @ApiProperty({ example: 2 })
  row!: number;

  @ApiProperty({ enum: ['ok', 'error'] })
  status!: 'ok' | 'error';

  @ApiPropertyOptional({ enum: ['set', 'revised', 'unchanged'], description: 'With ok' })
  action?: PlanRowAction;

  @ApiPropertyOptional({ example: 2, description: 'With ok: the version in force after the import' })
  version?: number;

  @ApiPropertyOptional({ example: 'target-…', description: 'With ok' })
  streamId?: string;

  @ApiPropertyOptional({ type: TargetCellDto, description: 'With ok' })
  cell?: TargetCellDto;

  @ApiPropertyOptional({ type: [PlanProblemDto], description: "With error: the row's problems by column" })
  errors?: PlanProblemDto[];
}

class PlanImportSummaryDto {
  @ApiProperty() rows!: number;
  @ApiProperty() ok!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() set!: number;
  @ApiProperty() revised!: number;
  @ApiProperty() unchanged!: number;
}

/** The OpenAPI shape of the plan import's answer (`PlanImportReport`); the import itself never builds one. */
export class PlanImportReportDto {
  @ApiPropertyOptional({ example: 400, description: 'Only when the file has problems' })
  statusCode?: number;

  @ApiPropertyOptional({
    enum: ['PLAN_FILE_INVALID', 'PLAN_IMPORT_INVALID'],
    description: 'Only when the file has problems: it cannot be read, or rows have problems',
  })
  code?: string;

  @ApiProperty() dryRun!: boolean;

  @ApiProperty({ description: "True when this request appended the file's changes (false for a dry run and for a file with errors)" })
  imported!: boolean;

  @ApiProperty() valid!: boolean;

  @ApiProperty({ example: 'plan-2026.xlsx' })
  file!: string;

  @ApiProperty({ enum: ['xlsx', 'csv'], nullable: true })
  format!: PlanFileFormat | null;

  @ApiProperty({ example: '12 row(s) imported: 10 set, 2 revised' })
  message!: string;

  @ApiProperty({ type: PlanImportSummaryDto })
  summary!: PlanImportSummaryDto;

  @ApiProperty({ type: [PlanProblemDto], description: 'Every problem, by row and column' })
  errors!: PlanProblemDto[];

  @ApiProperty({ type: [PlanImportRowDto] })
  rows!: PlanImportRowDto[];

  @ApiProperty({ type: [String] })
  eventIds!: string[];
}
