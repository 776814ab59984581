import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsInt, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

/** Stock value at cost by age since receipt. */
export class AgedStockDto {
  @ApiProperty({ type: MoneyDto, description: 'Received 0 to 90 days before the month end' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  days0To90!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: '91 to 180 days' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  days91To180!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: '181 to 365 days' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  days181To365!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'More than 365 days' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  over365Days!: MoneyDto;
}

/** The month end's stock of a branch. The month is in the path; one snapshot per branch and month. */
export class TakeStockSnapshotRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 1250, description: 'Number of part numbers with stock' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  partCount!: number;

  @ApiProperty({ example: '8410.5', description: 'Units in stock, a decimal string' })
  @IsQuantity('non-negative')
  totalQuantity!: string;

  @ApiProperty({ type: MoneyDto, description: 'Stock value at cost; the aged buckets add up to it' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  totalValue!: MoneyDto;

  @ApiProperty({ type: AgedStockDto })
  @IsDefined({ message: 'agedStock is required: the stock value by age (0–90, 91–180, 181–365, over 365 days)' })
  @ValidateNested()
  @Type(() => AgedStockDto)
  agedStock!: AgedStockDto;

  @ApiProperty({ example: '2026-01-31T16:00:00Z', description: 'When the snapshot was taken (UTC instant), not before the month began' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
