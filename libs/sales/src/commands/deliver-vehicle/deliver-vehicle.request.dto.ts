import { VEHICLE_CONDITIONS, VehicleCondition, VIN_PATTERN } from '@app/contracts';
import { MoneyDto, IsModelName } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { IsPlausibleInstant } from '@app/platform-kit';
import { IsNonNegativeMoney } from '@app/platform-kit';

export class DeliverVehicleRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiPropertyOptional({ example: 'O-2026-0001', nullable: true, description: 'Defaults to the signed order of the sale, when there is one' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  orderId?: string;

  @ApiProperty({ example: 'LSVAU2180N2183294', description: '17 characters, no I, O or Q' })
  @Matches(VIN_PATTERN, { message: 'vin must be 17 characters: digits and capitals without I, O or Q' })
  vin!: string;

  @ApiProperty({ example: 'Lavida 1.5L' })
  @IsModelName()
  model!: string;

  @ApiProperty({ enum: VEHICLE_CONDITIONS })
  @IsIn(VEHICLE_CONDITIONS)
  condition!: VehicleCondition;

  @ApiProperty({ example: 'E-0042' })
  @IsString()
  @Length(1, 64)
  consultantId!: string;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({
    example: 'SH-PUDONG',
    nullable: true,
    description:
      "The customer's market area (a city or district code of head office's territory map): the deal is credited to the branch owning it on the business date. 1 to 64 letters, digits, '.', '_' or '-'",
  })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: "customerArea must be 1 to 64 letters, digits, '.', '_' or '-'" })
  customerArea?: string;

  @ApiProperty({ type: MoneyDto, description: 'Invoice amounts; net is the revenue; not negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  invoice!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of the vehicle sold; not negative' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  cost!: MoneyDto;

  @ApiProperty({ example: '2026-01-05T03:00:00Z', description: 'When the vehicle was handed over (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
