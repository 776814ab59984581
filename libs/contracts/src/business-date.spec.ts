import { businessDate } from './business-date';

describe('businessDate', () => {
  const shanghai = { timeZone: 'Asia/Shanghai', cutoffMinutes: 0 };

  it('is the local date in the branch time zone', () => {
    // 2026-01-31 17:30 UTC is 2026-02-01 01:30 in Shanghai.
    expect(businessDate('2026-01-31T17:30:00Z', shanghai)).toBe('2026-02-01');
    expect(businessDate('2026-01-31T15:59:59.999Z', shanghai)).toBe('2026-01-31');
  });

  it('books an event at 00:30 with a 04:00 cut-off on the previous business day', () => {
    const lateWorkshop = { timeZone: 'Asia/Shanghai', cutoffMinutes: 240 };
    // 00:30 local on 1 Feb = 16:30 UTC on 31 Jan.
    expect(businessDate('2026-01-31T16:30:00Z', lateWorkshop)).toBe('2026-01-31');
    // 04:00 local is the first minute of the new business day.
    expect(businessDate('2026-01-31T20:00:00Z', lateWorkshop)).toBe('2026-02-01');
  });

  it('follows daylight saving time in Madrid', () => {
    const madrid = { timeZone: 'Europe/Madrid', cutoffMinutes: 0 };
    expect(businessDate('2026-03-28T23:30:00Z', madrid)).toBe('2026-03-29'); // UTC+1
    expect(businessDate('2026-06-30T22:30:00Z', madrid)).toBe('2026-07-01'); // UTC+2
    expect(businessDate('2026-06-30T21:30:00Z', madrid)).toBe('2026-06-30');
  });
});
