import { REPAIR_PAYERS, RepairPayer } from '@app/contracts';
import { MoneyDto } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { HasSignOf, IsNonZeroDecimal, NON_NEGATIVE_AMOUNT_PATTERN, nonNegativeAmountMessage, QUANTITY_PATTERN } from '../workshop-validation';

export class IssuePartsRequest extends WorkshopRequest {
  @ApiProperty({ example: 'P1', description: 'Unique within the RO' })
  @IsString()
  @Length(1, 64)
  lineId!: string;

  @ApiProperty({ example: '5Q0698151' })
  @IsString()
  @Length(1, 64)
  partNumber!: string;

  @ApiPropertyOptional({ example: 'front brake pads' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  description?: string;

  @ApiProperty({
    example: '2',
    description: 'Decimal string, up to three fraction digits; negative returns parts to stores (at most what was issued for this part number)',
  })
  @Matches(QUANTITY_PATTERN, { message: 'quantity must be a decimal string with at most three fraction digits, e.g. "2" or "-1" (numbers are refused)' })
  @IsNonZeroDecimal()
  quantity!: string;

  @ApiProperty({ example: true, description: 'Genuine (OEM) part' })
  @IsBoolean()
  genuine!: boolean;

  @ApiProperty({ example: '200.00', description: 'Net selling price per unit' })
  @Matches(NON_NEGATIVE_AMOUNT_PATTERN, { message: nonNegativeAmountMessage('unitPrice') })
  unitPrice!: string;

  @ApiProperty({ enum: REPAIR_PAYERS })
  @IsIn(REPAIR_PAYERS)
  payer!: RepairPayer;

  @ApiProperty({ type: MoneyDto, description: 'Selling amount of the line; negative for a return' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSignOf('quantity')
  amount!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of the parts from stores; negative for a return' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @HasSignOf('quantity')
  cost!: MoneyDto;

  @ApiPropertyOptional({
    example: 'BO-2026-0002',
    description:
      'The workshop back-order (POST /api/v1/parts/back-orders) this issue serves: the part came in after the first request, so the issue is not a request of its own for the parts fill rate. Omit when the part was served from stock at once; never on a return.',
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  backOrderId?: string;
}
