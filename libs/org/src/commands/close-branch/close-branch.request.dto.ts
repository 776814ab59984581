import { ApiProperty } from '@nestjs/swagger';
import { IsISO8601, IsString, Length, Matches } from 'class-validator';

export class CloseBranchRequest {
  @ApiProperty({ example: '2026-06-30' })
  @IsISO8601({ strict: true }, { message: 'closedOn must be a date such as 2026-06-30' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'closedOn must be a date such as 2026-06-30' })
  closedOn!: string;

  @ApiProperty({ example: 'merged into SH-02' })
  @IsString()
  @Length(1, 200)
  reason!: string;
}
