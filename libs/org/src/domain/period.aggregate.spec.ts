import { DeciderSpecification } from '@app/contracts/testing';
import { at } from './org-command.spec-helper';
import { ClosePeriod, decidePeriod, evolvePeriod, initialPeriod, InvalidPeriodError, PeriodAlreadyClosedError, PeriodNotEndedError } from './period.aggregate';

const given = DeciderSpecification.for({ decide: decidePeriod, evolve: evolvePeriod, initialState: initialPeriod, streamId: 'period-2026-01' });
const close = (period = '2026-01', occurredAt = '2026-02-05T08:00:00.000Z'): ClosePeriod => ({
  type: 'ClosePeriod',
  ...at(occurredAt),
  period,
  reason: 'January close',
});

describe('Period close', () => {
  it('closes an ended month once', () => {
    const { state } = given()
      .when(close())
      .then([{ type: 'PeriodClosed', branchId: '*', payload: { period: '2026-01', reason: 'January close' } }]);
    expect(state.closedAt).toBe('2026-02-05T08:00:00.000Z');
  });

  it('refuses a second close of the same month (its figures are frozen)', () => {
    given(decidePeriod(close(), initialPeriod)).when(close()).thenThrows(PeriodAlreadyClosedError);
  });

  it('refuses a month that has not ended in every time zone yet', () => {
    given().when(close('2026-01', '2026-01-31T09:59:59.000Z')).thenThrows(PeriodNotEndedError);
    given()
      .when(close('2026-01', '2026-01-31T10:00:00.000Z'))
      .then([{ type: 'PeriodClosed' }]);
    given().when(close('2026-12', '2026-12-31T09:00:00.000Z')).thenThrows(PeriodNotEndedError);
  });

  it('refuses what is not a month', () => {
    given().when(close('2026-13')).thenThrows(InvalidPeriodError);
    given().when(close('2026')).thenThrows(InvalidPeriodError);
  });
});
