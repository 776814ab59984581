// @ts-check
// How figures read, for the dashboard's pages and the server's packs alike: one module, loaded by the
// browser as an ES module (/assets/format.js) and imported by the server's renderers
// (libs/reporting/src/summary/render/summary-display.ts). Dependency-free and exact: every figure is
// the API's decimal string, which Intl.NumberFormat formats exactly (ECMA-402 NumberFormat v3); a
// decimal point is moved and decimals are compared on the digits, never through a float. See
// docs/adr/0028-checked-page-code.md.

/** @typedef {'zh-CN' | 'es' | 'en'} Locale */
/** green: met (or better than before); amber: within 10 % of the target; red: missed (or worse). */
/** @typedef {'good' | 'warn' | 'bad'} Tone */
/**
 * The words of the units (`/台`, `h`, `pts`, …): each side keeps them with its other texts.
 * @typedef {{ readonly perVehicle: string, readonly perHour: string, readonly score: string, readonly hours: string, readonly days: string, readonly perCustomer?: string }} UnitWords
 */

/** Shown where there is no figure (no target, nothing to divide by, no earlier period). */
export const NO_FIGURE = '—';

/**
 * Intl formats a decimal string exactly; the DOM and ES library types only name `${number}`.
 * @param {string} value
 * @returns {Intl.StringNumericLiteral}
 */
const exact = (value) => /** @type {Intl.StringNumericLiteral} */ (value);

/**
 * The decimals a figure carries: `25.00` → 2.
 * @param {string} value
 * @returns {number}
 */
export function decimalsOf(value) {
  return value.split('.')[1]?.length ?? 0;
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i;

/**
 * A decimal string as its sign, digits and the power of ten of the last digit: `-12.5` → `{ negative: true, digits: 125n, exponent: -1 }`.
 * @param {string} value
 * @returns {{ negative: boolean, digits: bigint, exponent: number }}
 */
function parseDecimal(value) {
  const match = DECIMAL.exec(value.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`not a decimal: ${value}`);
  const [, sign = '', whole = '', fraction = '', power = '0'] = match;
  return { negative: sign === '-', digits: BigInt(`${whole}${fraction}` || '0'), exponent: Number(power) - fraction.length };
}

/**
 * `value × 10^places`, exactly, as a plain decimal string: `104.5`, -2 → `1.045`.
 * @param {string} value
 * @param {number} places
 * @returns {string}
 */
export function movePoint(value, places) {
  const { negative, digits, exponent } = parseDecimal(value);
  const scale = exponent + places;
  const sign = negative ? '-' : '';
  if (scale >= 0) return `${sign}${digits * 10n ** BigInt(scale)}`;
  const text = digits.toString().padStart(1 - scale, '0');
  return `${sign}${text.slice(0, scale)}.${text.slice(scale)}`;
}

/**
 * -1, 0 or 1 as `a` is below, equal to or above `b`, on the digits (`99.99999999999999999` is below 100).
 * @param {string} a
 * @param {string | number} b
 * @returns {-1 | 0 | 1}
 */
export function compareDecimal(a, b) {
  const x = parseDecimal(a);
  const y = parseDecimal(String(b));
  const scale = Math.min(x.exponent, y.exponent);
  const signed = (/** @type {{ negative: boolean, digits: bigint, exponent: number }} */ d) =>
    (d.negative ? -1n : 1n) * d.digits * 10n ** BigInt(d.exponent - scale);
  const difference = signed(x) - signed(y);
  return difference < 0n ? -1 : difference > 0n ? 1 : 0;
}

/**
 * `1234567.5` → `1,234,567.50` (en), `1.234.567,50` (es), at least `minDecimals` and at most the
 * value's own decimals. Thousands are always grouped (also `3.000,00` in es) so columns line up.
 * @param {string} value
 * @param {Locale} locale
 * @param {number} [minDecimals]
 * @param {number} [maxDecimals]
 * @returns {string}
 */
export function formatDecimal(value, locale, minDecimals = 0, maxDecimals = Math.max(minDecimals, decimalsOf(value))) {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: minDecimals, maximumFractionDigits: maxDecimals, useGrouping: 'always' }).format(exact(value));
}

/**
 * A figure of 0–100 (attainment, growth) with one decimal and the locale's percent sign: `104.5%`,
 * `104,5 %`; `signed` adds `+` to a gain (`+3.2%`).
 * @param {string} value
 * @param {Locale} locale
 * @param {boolean} [signed]
 * @returns {string}
 */
export function formatPercent(value, locale, signed = false) {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    // 'negative': no sign on a zero that rounds from below (the engine may answer "-0.00").
    signDisplay: signed ? 'exceptZero' : 'negative',
  }).format(exact(movePoint(value, -2)));
}

/**
 * A change of a percentage in points, signed, one decimal, without the unit: `+1.7`, `-0,4`
 * (each side adds its word for points: `个百分点`, `p. p.`, `pp`).
 * @param {string} change
 * @param {Locale} locale
 * @returns {string}
 */
export function formatPoints(change, locale) {
  return new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' }).format(exact(change));
}

/**
 * Amounts in Chinese in 万 (×10,000) and 亿 (×100,000,000) with two decimals (`6543210.50` →
 * `654.32万`), below 10,000 in full (`3,000.00`); in Spanish and English in full with cents. The
 * amounts of the packs (HTML and PDF) and of the dashboard's tables.
 * @param {string} value
 * @param {Locale} locale
 * @returns {string}
 */
export function formatAmount(value, locale) {
  if (locale !== 'zh-CN') return formatDecimal(value, locale, 2);
  return new Intl.NumberFormat(locale, { notation: 'compact', minimumFractionDigits: 2, maximumFractionDigits: 2, useGrouping: 'always' }).format(exact(value));
}

/**
 * An amount at a glance (tiles, chart axes, league tables): the locale's compact form with at most
 * one decimal: `654.3万` (zh-CN), `191,4 mil` (es), `191.4K` (en).
 * @param {string} value
 * @param {Locale} locale
 * @returns {string}
 */
export function formatCompactAmount(value, locale) {
  return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(exact(value));
}

/**
 * `2026-01` → `2026年1月`, `enero de 2026`, `January 2026` (`month: 'short'`: `2026年1月`, `ene 2026`,
 * `Jan 2026`; `withYear` false: the month alone, `1月`, `ene`, `Jan`, for a chart's axis).
 * @param {string} period
 * @param {Locale} locale
 * @param {'long' | 'short'} [month]
 * @param {boolean} [withYear]
 * @returns {string}
 */
export function formatMonth(period, locale, month = 'long', withYear = true) {
  const [year = 1970, number = 1] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { ...(withYear ? { year: 'numeric' } : {}), month, timeZone: 'UTC' }).format(Date.UTC(year, number - 1, 1));
}

/**
 * An ISO instant in the locale's medium date and short time, in `timeZone`, followed by the zone's
 * name in the locale (`2026年2月10日 16:30 中国标准时间`, `10 feb 2026, 9:30 hora estándar de Europa
 * central`): never a bare UTC time a reader must convert.
 * @param {string} iso
 * @param {Locale} locale
 * @param {string} [timeZone]
 * @returns {string}
 */
export function formatInstant(iso, locale, timeZone = 'UTC') {
  const instant = new Date(iso);
  const time = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(instant);
  const zone = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'long' }).formatToParts(instant).find((p) => p.type === 'timeZoneName')?.value;
  return zone ? `${time} ${zone}` : time;
}

/**
 * The colour of an attainment (0–100 scale): met, within 10 %, missed; the other way round when
 * lower is better. Null when there is none.
 * @param {string | null | undefined} attainment
 * @param {boolean} higherIsBetter
 * @returns {Tone | null}
 */
export function attainmentTone(attainment, higherIsBetter) {
  if (attainment === null || attainment === undefined) return null;
  if (higherIsBetter) return compareDecimal(attainment, 100) >= 0 ? 'good' : compareDecimal(attainment, 90) >= 0 ? 'warn' : 'bad';
  return compareDecimal(attainment, 100) <= 0 ? 'good' : compareDecimal(attainment, 110) <= 0 ? 'warn' : 'bad';
}

/**
 * The colour of a change (growth in %, or a change in points): better or worse than before; null
 * when there is none or nothing changed.
 * @param {string | null | undefined} change
 * @param {boolean} higherIsBetter
 * @returns {Tone | null}
 */
export function changeTone(change, higherIsBetter) {
  if (change === null || change === undefined) return null;
  const sign = compareDecimal(change, 0);
  if (sign === 0) return null;
  return sign > 0 === higherIsBetter ? 'good' : 'bad';
}

/**
 * Money units: an amount, per vehicle or per hour (each with its currency).
 * @param {string} unit
 * @returns {boolean}
 */
export const isMoneyUnit = (unit) => unit === 'money' || unit === 'money_per_unit' || unit === 'money_per_hour';

/**
 * What a figure is counted in: `CNY`, `EUR/台`, `%`, `h`, or nothing for a count.
 * @param {string} unit
 * @param {string | null | undefined} currency
 * @param {UnitWords} words
 * @returns {string}
 */
export function unitText(unit, currency, words) {
  switch (unit) {
    case 'money':
      return currency ?? '';
    case 'money_per_unit':
      return `${currency ?? ''}${words.perVehicle}`;
    case 'money_per_hour':
      return `${currency ?? ''}${words.perHour}`;
    case 'percent':
      return '%';
    case 'score':
      return words.score;
    case 'hours':
      return words.hours;
    case 'days':
      return words.days;
    case 'per_customer':
      return words.perCustomer ?? '';
    default:
      return '';
  }
}
