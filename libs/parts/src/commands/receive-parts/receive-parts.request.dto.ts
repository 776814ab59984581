import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

export class ReceivePartsRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch whose stores received the parts' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'SUP-FAW-VW' })
  @IsString()
  @Length(1, 64)
  supplierId!: string;

  @ApiPropertyOptional({ example: 'PO-2026-0117', nullable: true, description: 'Purchase order the goods came against' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  purchaseOrderRef?: string;

  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '10', description: 'Quantity received: a decimal string greater than zero' })
  @IsQuantity('positive')
  quantity!: string;

  @ApiProperty({ example: true, description: 'Genuine (OEM) part' })
  @IsBoolean()
  genuine!: boolean;

  @ApiProperty({ type: MoneyDto, description: 'Purchase cost of the whole quantity, not negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  cost!: MoneyDto;

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the goods were received (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
