import { IsModelName } from '@app/platform-kit';
import {
  GROUP_ID,
  KPI_ID_PATTERN,
  TARGET_GRAINS,
  TARGET_KINDS,
  TARGET_PERIOD_KINDS,
  TARGET_PERIOD_PATTERNS,
  TARGET_VALUE_PATTERN,
  TargetGrain,
  TargetKind,
  TargetPeriodKind,
} from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { normalizeTargetCell, TargetCell } from '../../domain/target.aggregate';
import { ORG_ID_PATTERN } from './org-validation';

const DEPARTMENT_GRAIN_ID = /^[A-Za-z0-9._-]{1,52}:(sales|service|parts|admin)$/;

/** `period` has the form of its `periodKind`: 2026, 2026-Q1 or 2026-01. */
function MatchesPeriodKind(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'matchesPeriodKind',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'period must be 2026 for a year, 2026-Q1 for a quarter or 2026-01 for a month, matching periodKind', ...options },
      validator: {
        validate(period: unknown, args: ValidationArguments): boolean {
          const kind = (args.object as { periodKind?: unknown }).periodKind;
          if (typeof period !== 'string') return false;
          if (typeof kind !== 'string' || !(TARGET_PERIOD_KINDS as readonly string[]).includes(kind)) return true; // periodKind reports it
          return TARGET_PERIOD_PATTERNS[kind as TargetPeriodKind].test(period);
        },
      },
    });
}

function grainIdProblem(grain: unknown, grainId: unknown): string | null {
  if (grainId !== undefined && grainId !== null && typeof grainId !== 'string') return 'grainId must be text';
  const id = typeof grainId === 'string' ? grainId.trim() : '';
  switch (grain) {
    case 'group':
      return id === '' || id === GROUP_ID ? null : `grainId must be empty or "${GROUP_ID}" for the group`;
    case 'department':
      return DEPARTMENT_GRAIN_ID.test(id) ? null : 'grainId of a department is <branchId>:<department>, e.g. SH-01:service';
    case 'region':
    case 'branch':
    case 'person':
      return ORG_ID_PATTERN.test(id) ? null : `grainId must be the ${grain === 'person' ? 'employee' : grain} id: 1 to 64 letters, digits, ".", "_" or "-"`;
    default:
      return null; // grain reports it
  }
}

/** `grainId` fits its `grain`: absent for the group, `<branchId>:<department>` for a department, an id otherwise. */
function FitsGrain(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'fitsGrain',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => grainIdProblem((args.object as { grain?: unknown }).grain, args.value) ?? '', ...options },
      validator: {
        validate(grainId: unknown, args: ValidationArguments): boolean {
          return grainIdProblem((args.object as { grain?: unknown }).grain, grainId) === null;
        },
      },
    });
}

/** One target cell and its value, as the single endpoints and the plan file rows take it. */
export class TargetValueRequest {
  @ApiProperty({ example: 'service_revenue', description: 'KPI id: lower-case letters, digits, "_" and "."' })
  @Matches(KPI_ID_PATTERN, { message: 'kpi must be a KPI id such as service_revenue (lower-case letters, digits, "_" and ".")' })
  kpi!: string;

  @ApiProperty({ enum: TARGET_PERIOD_KINDS })
  @IsIn(TARGET_PERIOD_KINDS, { message: `periodKind must be one of ${TARGET_PERIOD_KINDS.join(', ')}` })
  periodKind!: TargetPeriodKind;

  @ApiProperty({ example: '2026-Q1', description: '2026 (year), 2026-Q1 (quarter) or 2026-01 (month)' })
  @MatchesPeriodKind()
  period!: string;

  @ApiProperty({ enum: TARGET_GRAINS })
  @IsIn(TARGET_GRAINS, { message: `grain must be one of ${TARGET_GRAINS.join(', ')}` })
  grain!: TargetGrain;

  @ApiPropertyOptional({
    example: 'SH-01',
    description: 'Empty for the group; the region id; the branch id; <branchId>:<department> (e.g. SH-01:service); the employee id',
  })
  @FitsGrain()
  grainId?: string;

  @ApiPropertyOptional({ example: 'Lavida', description: 'Vehicle model or product line; empty = all' })
  @IsOptional()
  @IsModelName()
  model?: string;

  @ApiPropertyOptional({ example: 'insurance', description: 'Customer or job segment, e.g. taxi, fleet_government, insurance; empty = all' })
  @IsOptional()
  @Matches(ORG_ID_PATTERN, { message: 'segment must be 1 to 64 letters, digits, ".", "_" or "-"' })
  segment?: string;

  @ApiProperty({ enum: TARGET_KINDS, description: 'quota (任务, assigned by head office) or stretch (目标)' })
  @IsIn(TARGET_KINDS, { message: `kind must be one of ${TARGET_KINDS.join(', ')}` })
  kind!: TargetKind;

  @ApiProperty({ example: '1500000.00', description: 'Decimal string, up to six fraction digits (numbers are refused: they lose precision)' })
  @IsString({ message: 'value must be a decimal string such as "1500000.00" (numbers are refused)' })
  @Matches(TARGET_VALUE_PATTERN, { message: 'value must be a decimal string such as "1500000.00", up to six fraction digits' })
  value!: string;

  @ApiProperty({ example: 'CNY', description: 'Unit of the value: CNY, units, %, CNY/vehicle…' })
  @IsString()
  @Length(1, 32)
  unit!: string;
}

export function targetCellOf(dto: TargetValueRequest): TargetCell {
  return normalizeTargetCell({
    kpi: dto.kpi,
    periodKind: dto.periodKind,
    period: dto.period,
    grain: dto.grain,
    grainId: dto.grainId ?? null,
    model: dto.model ?? null,
    segment: dto.segment ?? null,
    kind: dto.kind,
  });
}
