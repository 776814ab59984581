import { MAX_PARTS_LINES, PARTS_RETURN_DIRECTIONS, PartsReturnDirection } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';
import { IsQuantity } from '../parts-request.validators';

export class ReturnedLineDto {
  @ApiProperty({ example: '06A115561B' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiProperty({ example: '1', description: 'Quantity returned: greater than zero, at most what is left on the original document' })
  @IsQuantity('positive')
  quantity!: string;

  @ApiProperty({
    type: MoneyDto,
    description: 'Money reversed, positive: the sales amount credited to the customer, or the purchase cost credited by the supplier',
  })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  amount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of the goods moving back into (customer) or out of (supplier) stock' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  cost!: MoneyDto;
}

export class ReturnPartsRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: PARTS_RETURN_DIRECTIONS, description: 'from_customer reverses a counter sale; to_supplier a goods receipt' })
  @IsIn(PARTS_RETURN_DIRECTIONS)
  direction!: PartsReturnDirection;

  @ApiProperty({ example: 'CS-2026-0001', description: 'The saleId (from_customer) or receiptId (to_supplier) being returned against' })
  @IsString()
  @Length(1, 64)
  originalDocumentId!: string;

  @ApiPropertyOptional({ example: 'wrong part ordered', nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  @ApiProperty({ type: [ReturnedLineDto], minItems: 1, maxItems: MAX_PARTS_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_PARTS_LINES)
  @ValidateNested({ each: true })
  @Type(() => ReturnedLineDto)
  lines!: ReturnedLineDto[];

  @ApiProperty({ example: '2026-01-07T03:00:00Z', description: 'When the parts were returned (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
