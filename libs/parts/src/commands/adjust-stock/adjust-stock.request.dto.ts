import { STOCK_ADJUSTMENT_REASONS, StockAdjustmentReason } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsQuantity } from '../parts-request.validators';

export class AdjustStockRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: STOCK_ADJUSTMENT_REASONS })
  @IsIn(STOCK_ADJUSTMENT_REASONS)
  reason!: StockAdjustmentReason;

  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '-2', description: 'Signed decimal string, not zero: positive adds to stock, negative takes from it' })
  @IsQuantity('non-zero')
  quantityDelta!: string;

  @ApiProperty({ type: MoneyDto, description: 'Value of the quantity moved at cost, with the sign of quantityDelta' })
  @IsDefined({ message: 'value is required: the value of the quantity moved, at cost' })
  @ValidateNested()
  @Type(() => MoneyDto)
  value!: MoneyDto;

  @ApiPropertyOptional({ example: 'dropped in the warehouse', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  note?: string;

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the stock was corrected (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
