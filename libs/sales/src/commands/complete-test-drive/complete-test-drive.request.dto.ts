import { IsPlausibleInstant, IsModelName } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CompleteTestDriveRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch of the lead' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'Lavida 1.5L', description: 'Model driven' })
  @IsModelName()
  model!: string;

  @ApiProperty({ example: 'E-0042', description: 'Sales consultant who accompanied the drive' })
  @IsString()
  @Length(1, 64)
  consultantId!: string;

  @ApiProperty({ example: '2026-01-04T06:30:00Z', description: 'When the test drive ended (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
