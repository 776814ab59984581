import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export class RevenueReportQuery {
  @ApiProperty({ example: '2026-01', description: 'First month (business date), inclusive' })
  @Matches(MONTH, { message: 'from must be a month such as 2026-01' })
  from!: string;

  @ApiProperty({ example: '2026-12', description: 'Last month, inclusive' })
  @Matches(MONTH, { message: 'to must be a month such as 2026-12' })
  to!: string;

  @ApiPropertyOptional({ example: 'SH-01' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  branchId?: string;
}
