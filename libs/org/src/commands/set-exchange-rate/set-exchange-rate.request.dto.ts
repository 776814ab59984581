import { CURRENCY_PATTERN, EXCHANGE_RATE_PATTERN } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/** A rate above zero (the pattern already refuses a sign). */
function IsAboveZero(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isAboveZero',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must be more than zero`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'string' || /[1-9]/.test(value) },
    });
}

/** `toCurrency` differs from `fromCurrency`. */
function DiffersFrom(other: string, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'differsFrom',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `${String(propertyName)} must differ from ${other}`, ...options },
      validator: { validate: (value: unknown, args: ValidationArguments) => value !== (args.object as Record<string, unknown>)[other] },
    });
}

export class SetExchangeRateRequest {
  @ApiProperty({ example: '2026-01', description: 'The month whose business dates convert at this rate' })
  @Matches(/^20\d{2}-(0[1-9]|1[0-2])$/, { message: 'month must be a month such as 2026-01' })
  month!: string;

  @ApiProperty({ example: 'EUR', description: 'A branch currency' })
  @Matches(CURRENCY_PATTERN, { message: 'fromCurrency must be an ISO 4217 code such as EUR' })
  fromCurrency!: string;

  @ApiProperty({ example: 'CNY', description: 'The group currency' })
  @Matches(CURRENCY_PATTERN, { message: 'toCurrency must be an ISO 4217 code such as CNY' })
  @DiffersFrom('fromCurrency')
  toCurrency!: string;

  @ApiProperty({ example: '7.81234567', description: 'Units of toCurrency per unit of fromCurrency: a decimal string, up to 8 fraction digits, > 0' })
  @IsString({ message: 'rate must be a decimal string such as "7.81234567" (numbers are refused)' })
  @Matches(EXCHANGE_RATE_PATTERN, { message: 'rate must be a decimal string such as "7.81234567", up to eight fraction digits, not negative' })
  @IsAboveZero()
  rate!: string;
}
