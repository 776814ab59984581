import { IsPlausibleInstant } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

export class CancelOrderRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch of the sale' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'customer bought elsewhere' })
  @IsString()
  @Length(1, 200)
  reason!: string;

  @ApiProperty({ example: '2026-01-10T03:00:00Z', description: 'When the order was cancelled (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
