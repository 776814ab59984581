import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

export class SellAccessoryRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'MAT-LAV-01', description: 'Catalogue code of the accessory' })
  @IsString()
  @Length(1, 64)
  accessoryCode!: string;

  @ApiProperty({ example: 'Floor mats, Lavida' })
  @IsString()
  @Length(1, 200)
  description!: string;

  @ApiProperty({ example: '1', description: 'Decimal string greater than zero' })
  @IsQuantity('positive')
  quantity!: string;

  @ApiProperty({ type: MoneyDto, description: 'Invoiced amount; net is accessory revenue' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  amount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of the accessory sold' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  cost!: MoneyDto;

  @ApiPropertyOptional({ example: 'VS-2026-0001', nullable: true, description: 'The vehicle sale it was sold with, if any' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  vehicleSaleId?: string;

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the accessory was sold (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
