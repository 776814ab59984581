import { PAYMENT_KINDS, PaymentKind } from '@app/contracts';
import { IsPlausibleInstant, MoneyDto } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsString, Length, ValidateNested } from 'class-validator';
import { IsPositiveMoney } from '@app/platform-kit';

export class ReceivePaymentRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch of the sale' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({ enum: PAYMENT_KINDS, description: 'deposit, balance and loan are money in; refund is money paid back to the buyer' })
  @IsIn(PAYMENT_KINDS)
  kind!: PaymentKind;

  @ApiProperty({
    type: MoneyDto,
    description: 'Always positive, also for a refund; a refund may not exceed what was received and not yet refunded',
  })
  @ValidateNested()
  @Type(() => MoneyDto)
  @IsPositiveMoney()
  amount!: MoneyDto;

  @ApiProperty({ example: '2026-01-06T08:30:00Z', description: 'When the money moved (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
