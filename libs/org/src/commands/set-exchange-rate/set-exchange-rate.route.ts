import { StreamCommandResult } from '@app/event-store';
import { defineCommandRoute } from '@app/platform-kit';
import { randomUUID } from 'node:crypto';
import { SetExchangeRateCommand } from './set-exchange-rate.command';
import { SetExchangeRateRequest } from './set-exchange-rate.request.dto';

export const setExchangeRateRoute = defineCommandRoute<SetExchangeRateRequest, StreamCommandResult>({
  name: 'SetExchangeRate',
  context: 'org',
  dto: SetExchangeRateRequest,
  path: '/api/v1/org/exchange-rates',
  successStatus: 201,
  etag: false,
  docs: {
    summary: 'Set the exchange rate of a month into the group currency (ExchangeRateSet)',
    success: 'The rate of the month (a new version when the month already had another rate; no event when the rate is unchanged)',
    badRequest: 'Invalid fields: month, currencies, a rate that is not a positive decimal string with up to 8 decimals',
    stream: "the month's exchange rates",
  },
  toCommand: (dto, _params, context) =>
    new SetExchangeRateCommand(
      {
        type: 'SetExchangeRate',
        eventId: randomUUID(),
        occurredAt: new Date().toISOString(),
        month: dto.month,
        fromCurrency: dto.fromCurrency,
        toCurrency: dto.toCurrency,
        rate: dto.rate,
      },
      context,
    ),
});
