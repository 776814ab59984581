import { NewEvent } from '@app/contracts';
import { at, fold } from './given.spec-helper';
import { ClosePeriod, decidePeriod, evolvePeriod, initialPeriod, InvalidPeriodError, PeriodAlreadyClosedError, PeriodNotEndedError, PeriodState } from './period.aggregate';

const given = (...events: NewEvent[]): PeriodState => fold(initialPeriod, evolvePeriod, 'period-2026-01', events);
const close = (period = '2026-01', occurredAt = '2026-02-05T08:00:00.000Z'): ClosePeriod => ({
  type: 'ClosePeriod',
  ...at(occurredAt),
  period,
  reason: 'January close',
});

describe('Period close', () => {
  it('closes an ended month once', () => {
    const events = decidePeriod(close(), given());
    expect(events).toMatchObject([{ type: 'PeriodClosed', branchId: '*', payload: { period: '2026-01', reason: 'January close' } }]);
    expect(given(...events).closedAt).toBe('2026-02-05T08:00:00.000Z');
  });

  it('refuses a second close of the same month (its figures are frozen)', () => {
    const closed = given(...decidePeriod(close(), given()));
    expect(() => decidePeriod(close(), closed)).toThrow(PeriodAlreadyClosedError);
  });

  it('refuses a month that has not ended in every time zone yet', () => {
    expect(() => decidePeriod(close('2026-01', '2026-01-31T09:59:59.000Z'), given())).toThrow(PeriodNotEndedError);
    expect(decidePeriod(close('2026-01', '2026-01-31T10:00:00.000Z'), given())).toHaveLength(1);
    expect(() => decidePeriod(close('2026-12', '2026-12-31T09:00:00.000Z'), given())).toThrow(PeriodNotEndedError);
  });

  it('refuses what is not a month', () => {
    expect(() => decidePeriod(close('2026-13'), given())).toThrow(InvalidPeriodError);
    expect(() => decidePeriod(close('2026'), given())).toThrow(InvalidPeriodError);
  });
});
