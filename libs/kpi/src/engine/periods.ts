import { Bucket } from './component-sql';

/** Calendar arithmetic on `YYYY-MM-DD` business dates (no time zone: they are already local dates). */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parse(date: string): Date {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  if (d.toISOString().slice(0, 10) !== date) throw new RangeError(`not a date: ${date}`);
  return d;
}

const iso = (d: Date): string => d.toISOString().slice(0, 10);

export function isoDate(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

export function addMonths(date: string, months: number): string {
  const d = parse(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return iso(target);
}

/** First day of the bucket containing the date (weeks start on Monday). */
export function bucketStart(bucket: Bucket, date: string): string {
  const d = parse(date);
  switch (bucket) {
    case 'day':
      return date;
    case 'week':
      return addDays(date, -((d.getUTCDay() + 6) % 7));
    case 'month':
      return `${date.slice(0, 7)}-01`;
    case 'quarter':
      return `${date.slice(0, 4)}-${String(Math.floor(d.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-01`;
    case 'year':
      return `${date.slice(0, 4)}-01-01`;
  }
}

const MONTHS: Record<Bucket, number> = { day: 0, week: 0, month: 1, quarter: 3, year: 12 };

/** The first day of the next bucket. */
export function nextBucket(bucket: Bucket, start: string): string {
  if (bucket === 'day') return addDays(start, 1);
  if (bucket === 'week') return addDays(start, 7);
  return addMonths(start, MONTHS[bucket]);
}

export function previousBucket(bucket: Bucket, start: string): string {
  if (bucket === 'day') return addDays(start, -1);
  if (bucket === 'week') return addDays(start, -7);
  return addMonths(start, -MONTHS[bucket]);
}

/** The same bucket a year earlier (a week: the ISO week of the same number, 52 weeks back). */
export function yearEarlier(bucket: Bucket, start: string): string {
  if (bucket === 'week') return addDays(start, -364);
  return addMonths(start, -12);
}

/** Last day (inclusive) of the bucket. */
export function bucketEnd(bucket: Bucket, start: string): string {
  return addDays(nextBucket(bucket, start), -1);
}

/** `2026-01-15`, `2026-W03` (ISO week), `2026-01`, `2026-Q1`, `2026`. */
export function bucketLabel(bucket: Bucket, start: string): string {
  const d = parse(start);
  switch (bucket) {
    case 'day':
      return start;
    case 'week': {
      const thursday = new Date(d);
      thursday.setUTCDate(d.getUTCDate() + 3 - ((d.getUTCDay() + 6) % 7));
      const year = thursday.getUTCFullYear();
      const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7) + 1;
      return `${year}-W${String(week).padStart(2, '0')}`;
    }
    case 'month':
      return start.slice(0, 7);
    case 'quarter':
      return `${start.slice(0, 4)}-Q${Math.floor(d.getUTCMonth() / 3) + 1}`;
    case 'year':
      return start.slice(0, 4);
  }
}

/** The buckets covering [from, to], each with its first and last day. */
export function bucketsBetween(bucket: Bucket, from: string, to: string): { start: string; end: string; label: string }[] {
  const out: { start: string; end: string; label: string }[] = [];
  for (let start = bucketStart(bucket, from); start <= to; start = nextBucket(bucket, start)) {
    out.push({ start, end: bucketEnd(bucket, start), label: bucketLabel(bucket, start) });
    if (out.length > 5000) throw new RangeError('too many periods: narrow the range or choose a coarser grain');
  }
  return out;
}
