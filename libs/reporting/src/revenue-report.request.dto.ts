import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { MONTH, ORG_ID } from './kpis/kpi-request.dto';

export class RevenueReportQuery {
  @ApiProperty({ example: '2026-01', description: 'First month (business date), inclusive; 2000-01 to 2099-12' })
  @Matches(MONTH, { message: 'from must be a month such as 2026-01, of the years 2000 to 2099' })
  from!: string;

  @ApiProperty({ example: '2026-12', description: 'Last month, inclusive; 2000-01 to 2099-12' })
  @Matches(MONTH, { message: 'to must be a month such as 2026-12, of the years 2000 to 2099' })
  to!: string;

  @ApiPropertyOptional({ example: 'SH-01' })
  @IsOptional()
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId?: string;
}
