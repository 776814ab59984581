import { buildEvent, DomainEvent, EventEnvelope, ExchangeRateSet, GROUP_WIDE_BRANCH_ID, NewEvent } from '@app/contracts';
import { OrgCommandBase, invalidOrgData, sameDecimal } from './org-event';

/** The rate of one month and currency pair; every revision is kept in the stream. */
export type ExchangeRateState = { readonly version: 0 } | { readonly version: number; readonly rate: string };

export const initialExchangeRate: ExchangeRateState = { version: 0 };

export interface SetExchangeRate extends OrgCommandBase {
  readonly type: 'SetExchangeRate';
  readonly month: string;
  readonly fromCurrency: string;
  readonly toCurrency: string;
  readonly rate: string;
}

export type ExchangeRateCommand = SetExchangeRate;

export function exchangeRateStreamId(month: string, fromCurrency: string, toCurrency: string): string {
  return `exchange-rate-${month}-${fromCurrency}-${toCurrency}`;
}

/** The first rate is version 1; another rate is the next version; the same rate again changes nothing. */
export function decideExchangeRate(command: ExchangeRateCommand, state: ExchangeRateState): NewEvent[] {
  switch (command.type) {
    case 'SetExchangeRate': {
      if ('rate' in state && sameDecimal(state.rate, command.rate)) return [];
      const { month, fromCurrency, toCurrency, rate } = command;
      return [
        buildEvent(
          ExchangeRateSet,
          { ...command, branchId: GROUP_WIDE_BRANCH_ID },
          { month, fromCurrency, toCurrency, rate, version: state.version + 1 },
          invalidOrgData,
        ),
      ];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveExchangeRate(state: ExchangeRateState, envelope: EventEnvelope): ExchangeRateState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'ExchangeRateSet':
      return { version: event.payload.version, rate: event.payload.rate };
    default:
      return state;
  }
}
