import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsString, Length, ValidateNested } from 'class-validator';
import { IsNonNegativeMoney } from '@app/platform-kit';

export class ReturnVehicleRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch of the sale' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ example: 'defect found within 7 days' })
  @IsString()
  @Length(1, 200)
  reason!: string;

  @ApiProperty({ type: MoneyDto, description: 'Invoice amounts taken back; not negative, net and gross at most the delivery invoice' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  invoiceReversed!: MoneyDto;

  @ApiProperty({ type: MoneyDto, description: 'Cost of sale taken back; not negative, net and gross at most the delivery cost' })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsNonNegativeMoney()
  costReversed!: MoneyDto;

  @ApiProperty({ example: '2026-02-02T03:00:00Z', description: 'When the vehicle came back (UTC instant); not before the delivery' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
