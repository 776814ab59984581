import { MAX_PARTS_LINES, PARTS_CUSTOMER_TYPES, PartsCustomerType } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

export class SoldLineDto {
  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '2', description: 'Decimal string greater than zero' })
  @IsQuantity('positive')
  quantity!: string;

  @ApiProperty({ example: true, description: 'Genuine (OEM) part' })
  @IsBoolean()
  genuine!: boolean;

  @ApiProperty({ type: MoneyDto, description: 'Invoiced amount of the line; net is parts counter revenue' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  amount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of the parts sold on the line' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  cost!: MoneyDto;

  @ApiPropertyOptional({
    example: 'BO-2026-0001',
    description: 'The counter back-order this line serves (the part came in after the first request); omit for a line served from stock at once',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  backOrderId?: string;
}

/** A counter sale. Parts issued to a repair order are recorded by the workshop, not here. */
export class SellPartsRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: PARTS_CUSTOMER_TYPES })
  @IsIn(PARTS_CUSTOMER_TYPES)
  customerType!: PartsCustomerType;

  @ApiPropertyOptional({ example: 'C-0042', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiProperty({ type: [SoldLineDto], minItems: 1, maxItems: MAX_PARTS_LINES, description: 'One line per part number' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS_LINES)
  @ValidateNested({ each: true })
  @Type(() => SoldLineDto)
  lines!: SoldLineDto[];

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the parts were sold (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
