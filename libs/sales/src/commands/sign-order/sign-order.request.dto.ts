import { FINANCE_TYPES, FinanceType, VEHICLE_CONDITIONS, VehicleCondition } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto, IsModelName } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';

export class SignOrderRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'O-2026-0001', description: 'The order (contract) number' })
  @IsString()
  @Length(1, 64)
  orderId!: string;

  @ApiPropertyOptional({ example: 'L-2026-0007', nullable: true, description: 'The lead this order converts; it must exist in the same branch' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  leadId?: string;

  @ApiProperty({ example: 'Lavida 1.5L' })
  @IsModelName()
  model!: string;

  @ApiProperty({ enum: VEHICLE_CONDITIONS })
  @IsIn(VEHICLE_CONDITIONS)
  condition!: VehicleCondition;

  @ApiProperty({ type: MoneyDto, description: 'Manufacturer suggested retail price; not negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  listPrice!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'The agreed price; not negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  transactionPrice!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'The deposit agreed in the contract; not negative, at most the transaction price' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  deposit!: MoneyDto;

  @ApiProperty({ enum: FINANCE_TYPES, description: 'How the buyer pays' })
  @IsIn(FINANCE_TYPES)
  finance!: FinanceType;

  @ApiProperty({ example: 'E-0042', description: 'Sales consultant credited with the order' })
  @IsString()
  @Length(1, 64)
  consultantId!: string;

  @ApiProperty({ example: 'C-1001', description: 'The buyer' })
  @IsString()
  @Length(1, 64)
  customerId!: string;

  @ApiProperty({ example: '2026-01-06T08:00:00Z', description: 'When the order was signed (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
