import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsISO8601, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsTimeZone } from '@app/platform-kit';

export class OpenBranchRequest {
  @ApiProperty({ example: 'SH-01' })
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'branchId must be 1 to 64 letters, digits, ".", "_" or "-"' })
  branchId!: string;

  @ApiProperty({ example: 'Shanghai Pudong 4S' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ example: ['Volkswagen'] })
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  brands!: string[];

  @ApiProperty({ example: 'CNY' })
  @Matches(/^[A-Z]{3}$/, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency!: string;

  @ApiProperty({ example: 'Asia/Shanghai' })
  @IsTimeZone()
  timeZone!: string;

  @ApiProperty({ example: 0, description: 'Minutes after local midnight at which the business day turns (0–360)' })
  @IsInt()
  @Min(0)
  @Max(360)
  cutoffMinutes!: number;

  @ApiProperty({ example: '2026-01-01' })
  @IsISO8601({ strict: true }, { message: 'openedOn must be a date such as 2026-01-01' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'openedOn must be a date such as 2026-01-01' })
  openedOn!: string;
}
