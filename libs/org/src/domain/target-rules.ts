import { CURRENCY_PATTERN, DomainError, TargetPeriodKind } from '@app/contracts';
import { KpiDefinition, kpiById } from '@app/kpi';
import { TargetCell } from './target.aggregate';

/**
 * What a target must be to mean something, whichever way it arrives (POST /api/v1/org/targets,
 * /revisions or a plan file row): a KPI of the catalogue that has figures of its own, a money
 * value in the currency the figure at its grain is reported in, and no value below zero where
 * the figure can never be below zero.
 */

/** The column of a plan file (the field of a request) a broken rule is about. */
export type TargetRuleField = 'kpi' | 'value' | 'unit';

export abstract class TargetRuleError extends DomainError {
  readonly kind = 'invalid';
  abstract readonly field: TargetRuleField;
}

export class UnknownTargetKpiError extends TargetRuleError {
  readonly code = 'UNKNOWN_KPI';
  readonly field = 'kpi';
  constructor(kpi: string) {
    super(`kpi ${kpi} is not in the KPI catalogue (docs/kpis.md)`);
  }
}

export class KpiTakesNoTargetError extends TargetRuleError {
  readonly code = 'KPI_TAKES_NO_TARGET';
  readonly field = 'kpi';
  constructor(kpi: string) {
    super(`kpi ${kpi} is measured against targets (attainment, plan progress, growth) and takes none itself: set the target of the KPI it compares`);
  }
}

export class NegativeTargetError extends TargetRuleError {
  readonly code = 'NEGATIVE_TARGET';
  readonly field = 'value';
  constructor(kpi: KpiDefinition, value: string) {
    super(`value ${value} is below zero, but ${kpi.id} (${kpi.unit}${kpi.rollUp === 'snapshot' ? ', a stock' : ''}) is never below zero`);
  }
}

export class TargetCurrencyMismatchError extends TargetRuleError {
  readonly code = 'TARGET_CURRENCY_MISMATCH';
  readonly field = 'unit';
  constructor(message: string) {
    super(message);
  }
}

/** Units whose figure is money: the target's unit names the currency. */
const MONEY_UNITS: readonly KpiDefinition['unit'][] = ['money', 'money_per_unit', 'money_per_hour'];

export function isMoneyKpi(kpi: KpiDefinition): boolean {
  return MONEY_UNITS.includes(kpi.unit);
}

/**
 * Only money flows can be below zero: net revenue after returns or reopened repair orders, gross
 * profit at a loss. Counts, hours, days, CSI scores, rates and margins, money per vehicle or per
 * hour and month-end stock are never below zero (a planned loss is a gross profit target, not a
 * negative margin).
 */
export function targetMayBeNegative(kpi: KpiDefinition): boolean {
  return kpi.unit === 'money' && kpi.rollUp !== 'snapshot';
}

/** The catalogue KPI of a target: known, and one with figures of its own (the plan KPIs compare targets). */
export function targetKpi(kpiId: string): KpiDefinition | TargetRuleError {
  const kpi = kpiById(kpiId);
  if (!kpi) return new UnknownTargetKpiError(kpiId);
  if (kpi.area === 'plan') return new KpiTakesNoTargetError(kpiId);
  return kpi;
}

/** The rules that need nothing but the target: the KPI, the sign, a currency code for money. */
export function targetKpiProblems(target: { cell: TargetCell; value: string; unit: string }): TargetRuleError[] {
  const kpi = targetKpi(target.cell.kpi);
  if (kpi instanceof TargetRuleError) return [kpi];
  const problems: TargetRuleError[] = [];
  if (target.value.startsWith('-') && /[1-9]/.test(target.value) && !targetMayBeNegative(kpi)) problems.push(new NegativeTargetError(kpi, target.value));
  if (isMoneyKpi(kpi) && !CURRENCY_PATTERN.test(moneyCurrencyOf(target.unit))) {
    const example = kpi.unit === 'money' ? 'CNY' : kpi.unit === 'money_per_unit' ? 'CNY/vehicle' : 'CNY/hour';
    problems.push(
      new TargetCurrencyMismatchError(
        `${target.cell.kpi} is money: unit must be the currency code (e.g. ${example}), not ${JSON.stringify(target.unit)}; write the value in full, not in 万`,
      ),
    );
  }
  return problems;
}

/** The currency part of a money unit: `CNY` of `CNY` and of `CNY/vehicle`. */
function moneyCurrencyOf(unit: string): string {
  return unit.split('/', 1)[0] ?? '';
}

/** Where a grain's money figure is reported: the branch's currency or the group currency. */
export interface TargetCurrency {
  readonly currency: string;
  /** Says why, in a message: "branch SH-01 books in CNY". */
  readonly because: string;
}

/** A money target's unit against the currency of its grain; null when it fits (or the KPI is not money). */
export function targetCurrencyProblem(target: { cell: TargetCell; unit: string }, expected: TargetCurrency): TargetRuleError | null {
  const kpi = kpiById(target.cell.kpi);
  if (!kpi || !isMoneyKpi(kpi)) return null;
  const given = moneyCurrencyOf(target.unit);
  if (!CURRENCY_PATTERN.test(given) || given === expected.currency) return null; // a unit that is no currency is reported by targetKpiProblems
  return new TargetCurrencyMismatchError(
    `unit ${target.unit} is not the currency of the target: ${expected.because}, so its ${target.cell.kpi} target is in ${expected.currency}`,
  );
}

/** The first day of a target period: 2026 → 2026-01-01, 2026-Q2 → 2026-04-01, 2026-03 → 2026-03-01. */
export function targetPeriodStart(periodKind: TargetPeriodKind, period: string): string {
  switch (periodKind) {
    case 'year':
      return `${period}-01-01`;
    case 'quarter': {
      const quarter = Number(period.slice(-1));
      return `${period.slice(0, 4)}-${String((quarter - 1) * 3 + 1).padStart(2, '0')}-01`;
    }
    case 'month':
      return `${period}-01`;
  }
}
