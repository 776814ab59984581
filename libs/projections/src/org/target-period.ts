import { TargetPeriodKind } from '@app/contracts';

/** First and last day (inclusive) of a target period: `2026`, `2026-Q1` or `2026-01`. */
export function targetPeriodRange(kind: TargetPeriodKind, period: string): { start: string; end: string } {
  const year = Number(period.slice(0, 4));
  const [firstMonth, months] = kind === 'year' ? [1, 12] : kind === 'quarter' ? [(Number(period.slice(6)) - 1) * 3 + 1, 3] : [Number(period.slice(5, 7)), 1];
  if (!Number.isInteger(year) || !Number.isInteger(firstMonth) || firstMonth < 1 || firstMonth > 12) {
    throw new RangeError(`not a ${kind} period: ${period}`);
  }
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  return {
    start: iso(new Date(Date.UTC(year, firstMonth - 1, 1))),
    end: iso(new Date(Date.UTC(year, firstMonth - 1 + months, 0))),
  };
}
