import { StreamCommandResult } from '@app/event-store';
import { commandContextOf, CommandDispatcher, defineCommandRoute } from '@app/platform-kit';
import { Body, Controller, Post, Req, Res } from '@nestjs/common';
import { ApiBadRequestResponse, ApiCreatedResponse, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { SetExchangeRateCommand } from './set-exchange-rate.command';
import { SetExchangeRateRequest } from './set-exchange-rate.request.dto';

export const setExchangeRateRoute = defineCommandRoute<SetExchangeRateRequest, StreamCommandResult>({
  name: 'SetExchangeRate',
  context: 'org',
  dto: SetExchangeRateRequest,
  path: '/api/v1/org/exchange-rates',
  successStatus: 201,
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

@ApiTags('org')
@Controller('api/v1/org/exchange-rates')
export class SetExchangeRateController {
  constructor(private readonly dispatcher: CommandDispatcher) {}

  @Post()
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A retry with the same key returns the first answer' })
  @ApiCreatedResponse({ description: 'The rate of the month (a new version when the month already had another rate; no event when the rate is unchanged)' })
  @ApiBadRequestResponse({ description: 'Invalid fields: month, currencies, a rate that is not a positive decimal string with up to 8 decimals' })
  set(@Body() body: SetExchangeRateRequest, @Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<StreamCommandResult> {
    return this.dispatcher.respond(response, setExchangeRateRoute, body, {}, commandContextOf(request, 'org'));
  }
}
