import { DeciderSpecification } from '@app/contracts/testing';
import {
  decideMarketRegistrations,
  evolveMarketRegistrations,
  ImportMarketRegistrations,
  initialMarketRegistrations,
  MarketCellInput,
  MarketCellInvalidError,
  MarketFigureConflictError,
} from './market-registrations.aggregate';
import { InvalidOrgDataError } from './org-event';
import { testEventId } from './org-command.spec-helper';

const given = DeciderSpecification.for({
  decide: decideMarketRegistrations,
  evolve: evolveMarketRegistrations,
  initialState: initialMarketRegistrations,
  streamId: 'market-registrations-SH-01-2026-01',
});
const cell = (segment: string, registrations: number, models: string[], row = 1): MarketCellInput => ({ row, segment, registrations, models });
const importing = (cells: MarketCellInput[], revise = false): ImportMarketRegistrations => ({
  type: 'ImportMarketRegistrations',
  eventIds: cells.map(() => testEventId()),
  occurredAt: '2026-02-03T02:00:00.000Z',
  area: 'SH-01',
  month: '2026-01',
  cells,
  revise,
});
const imported = (cells: MarketCellInput[]) => decideMarketRegistrations(importing(cells), initialMarketRegistrations);

describe('Market registrations of an area and month', () => {
  it('imports each segment as version 1, the models trimmed, sorted and once each, on the area', () => {
    given()
      .when(importing([cell('suv_b', 200, [' Tiguan L', 'Tayron', 'Tiguan L']), cell('sedan_a', 100, ['Lavida'], 2)]))
      .then([
        {
          type: 'MarketRegistrationsImported',
          branchId: 'SH-01',
          payload: { area: 'SH-01', segment: 'suv_b', month: '2026-01', registrations: 200, models: ['Tayron', 'Tiguan L'], version: 1 },
        },
        { payload: { segment: 'sedan_a', registrations: 100, models: ['Lavida'], version: 1 } },
      ]);
  });

  it('the same figures again change nothing; a new segment beside them is imported', () => {
    const v1 = imported([cell('suv_b', 200, ['Tiguan L', 'Tayron'])]);
    given(v1)
      .when(importing([cell('suv_b', 200, ['Tayron', 'Tiguan L'])]))
      .thenNothingHappened();
    given(v1)
      .when(importing([cell('suv_b', 200, ['Tayron', 'Tiguan L']), cell('sedan_a', 100, ['Lavida'], 2)]))
      .then([{ payload: { segment: 'sedan_a', version: 1 } }]);
  });

  it('other figures for an imported cell: a conflict, unless the import revises, then the next version', () => {
    const v1 = imported([cell('suv_b', 200, ['Tiguan L'])]);
    given(v1)
      .when(importing([cell('suv_b', 210, ['Tiguan L'])]))
      .thenThrows(MarketFigureConflictError);
    given(v1)
      .when(importing([cell('suv_b', 200, ['Tayron', 'Tiguan L'])]))
      .thenThrows(MarketFigureConflictError);
    given(v1)
      .when(importing([cell('suv_b', 210, ['Tiguan L'])], true))
      .then([{ payload: { segment: 'suv_b', registrations: 210, version: 2 } }]);
  });

  it('refuses a model in two segments of the area and month, also against a segment imported before', () => {
    given()
      .when(importing([cell('suv_b', 200, ['Tiguan L']), cell('suv_a', 50, ['Tiguan L'], 2)]))
      .thenThrows(MarketCellInvalidError);
    given(imported([cell('suv_b', 200, ['Tiguan L'])]))
      .when(importing([cell('suv_a', 50, ['T-Roc', 'Tiguan L'])]))
      .thenThrows(MarketCellInvalidError);
  });

  it('refuses what the event schema refuses: a negative or fractional figure', () => {
    given()
      .when(importing([cell('suv_b', -1, ['Tiguan L'])]))
      .thenThrows(InvalidOrgDataError);
    given()
      .when(importing([cell('suv_b', 1.5, ['Tiguan L'])]))
      .thenThrows(InvalidOrgDataError);
  });
});
