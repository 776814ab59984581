import { CALENDAR_SCOPES, CalendarScope, GROUP_ID } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, Max, Min, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';
import { IsLocalDate, ORG_ID_PATTERN } from '../shared/org-validation';

function scopeIdProblem(scope: unknown, scopeId: unknown): string | null {
  if (scope === 'group') return scopeId === undefined || scopeId === GROUP_ID ? null : `scopeId must be absent or "${GROUP_ID}" for the group`;
  if (scope !== 'region' && scope !== 'branch') return null; // scope reports it
  return typeof scopeId === 'string' && ORG_ID_PATTERN.test(scopeId) ? null : `scopeId must be the ${scope} id: 1 to 64 letters, digits, ".", "_" or "-"`;
}

/** `scopeId` fits its `scope`: absent for the group, the region or branch id otherwise. */
function FitsScope(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'fitsScope',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: (args: ValidationArguments) => scopeIdProblem((args.object as { scope?: unknown }).scope, args.value) ?? '', ...options },
      validator: { validate: (scopeId: unknown, args: ValidationArguments) => scopeIdProblem((args.object as { scope?: unknown }).scope, scopeId) === null },
    });
}

export class SetHolidayCalendarRequest {
  @ApiProperty({ enum: CALENDAR_SCOPES, description: "A branch's calendar wins over its region's, which wins over the group's" })
  @IsIn(CALENDAR_SCOPES, { message: `scope must be one of ${CALENDAR_SCOPES.join(', ')}` })
  scope!: CalendarScope;

  @ApiPropertyOptional({ example: 'SH-01', description: 'The region or branch id; absent for the group' })
  @FitsScope()
  scopeId?: string;

  @ApiProperty({ example: 2026 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiProperty({ example: ['2026-01-01', '2026-02-17'], description: 'Days off in the year' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsLocalDate({ each: true })
  holidays!: string[];

  @ApiProperty({ example: ['2026-02-14'], description: 'Saturdays or Sundays that are working days (调休)' })
  @IsArray()
  @ArrayMaxSize(366)
  @IsLocalDate({ each: true })
  extraWorkingDays!: string[];
}
