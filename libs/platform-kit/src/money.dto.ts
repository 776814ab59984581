import { AMOUNT_PATTERN, CURRENCY_PATTERN, moneyAddsUp } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { Matches, registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

const AMOUNT_MESSAGE = (field: string) =>
  `${field} must be a decimal string with exactly two fraction digits, e.g. "1000.00" (numbers are refused: they lose precision)`;

function isAmountString(value: unknown): value is string {
  return typeof value === 'string' && AMOUNT_PATTERN.test(value);
}

/** Checks, on `gross`, that net + tax = gross to the cent. */
function NetPlusTaxEqualsGross(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'netPlusTaxEqualsGross',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: 'gross must equal net + tax', ...options },
      validator: {
        validate(gross: unknown, args: ValidationArguments): boolean {
          const { net, tax } = args.object as { net?: unknown; tax?: unknown };
          if (!isAmountString(gross) || !isAmountString(net) || !isAmountString(tax)) return true;
          return moneyAddsUp({ net, tax, gross });
        },
      },
    });
}

/** Money in a request: currency plus net, tax and gross as two-decimal strings. */
export class MoneyDto {
  @ApiProperty({ example: 'CNY', description: 'ISO 4217 currency code' })
  @Matches(CURRENCY_PATTERN, { message: 'currency must be an ISO 4217 code such as CNY' })
  currency!: string;

  @ApiProperty({ example: '100000.00', description: 'Net of VAT' })
  @Matches(AMOUNT_PATTERN, { message: AMOUNT_MESSAGE('net') })
  net!: string;

  @ApiProperty({ example: '13000.00' })
  @Matches(AMOUNT_PATTERN, { message: AMOUNT_MESSAGE('tax') })
  tax!: string;

  @ApiProperty({ example: '113000.00' })
  @Matches(AMOUNT_PATTERN, { message: AMOUNT_MESSAGE('gross') })
  @NetPlusTaxEqualsGross()
  gross!: string;
}
