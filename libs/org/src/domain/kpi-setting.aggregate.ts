import { buildEvent, CURRENCY_PATTERN, DomainError, DomainEvent, EventEnvelope, GROUP_WIDE_BRANCH_ID, KpiSettingChanged, NewEvent } from '@app/contracts';
import { OrgCommandBase, invalidOrgData } from './org-event';

export interface KpiSettingDefinition {
  readonly description: string;
  /** The value until head office changes it. */
  readonly defaultValue: string;
  readonly valid: (value: string) => boolean;
  readonly expected: string;
}

const integerBetween = (min: number, max: number) => (value: string) => /^[1-9]\d{0,5}$/.test(value) && Number(value) >= min && Number(value) <= max;

/** Every setting head office can change. A KPI reads the value in force on the business date. */
export const KPI_SETTINGS = {
  rework_window_days: {
    description: 'A comeback counts when it opens within this many days after the original repair order closed (rework rate).',
    defaultValue: '30',
    valid: integerBetween(1, 365),
    expected: 'an integer from 1 to 365',
  },
  follow_up_working_days: {
    description: 'A follow-up call counts as on time within this many working days after the repair order closed or the delivery.',
    defaultValue: '3',
    valid: integerBetween(1, 30),
    expected: 'an integer from 1 to 30',
  },
  sales_calls_per_day: {
    description: "A sales consultant's call quota per working day of the branch (sales activity against quota).",
    defaultValue: '30',
    valid: integerBetween(1, 1000),
    expected: 'an integer from 1 to 1000',
  },
  sales_visits_per_week: {
    description:
      "A sales consultant's visit quota per week, spread evenly over the working days of the week in the branch's calendar (sales activity against quota).",
    defaultValue: '20',
    valid: integerBetween(1, 1000),
    expected: 'an integer from 1 to 1000',
  },
  group_currency: {
    description: 'The currency consolidated figures are converted to (exchange rates are set into it).',
    defaultValue: 'CNY',
    valid: (value: string) => CURRENCY_PATTERN.test(value),
    expected: 'an ISO 4217 code such as CNY',
  },
} as const satisfies Record<string, KpiSettingDefinition>;

export type KpiSettingKey = keyof typeof KPI_SETTINGS;
export const KPI_SETTING_KEYS = Object.keys(KPI_SETTINGS) as KpiSettingKey[];

export function isKpiSettingKey(key: string): key is KpiSettingKey {
  return Object.hasOwn(KPI_SETTINGS, key);
}

export class UnknownKpiSettingError extends DomainError {
  readonly code = 'UNKNOWN_KPI_SETTING';
  readonly kind = 'invalid';
  constructor(key: string) {
    super(`unknown KPI setting ${key}; known: ${KPI_SETTING_KEYS.join(', ')}`);
  }
}

export class InvalidKpiSettingValueError extends DomainError {
  readonly code = 'INVALID_KPI_SETTING_VALUE';
  readonly kind = 'invalid';
  constructor(key: KpiSettingKey, value: string) {
    super(`${key} must be ${KPI_SETTINGS[key].expected}, not ${JSON.stringify(value)}`);
  }
}

export interface KpiSettingEntry {
  readonly effectiveFrom: string;
  readonly value: string;
}

/** A setting's history: one value per effective date (a later change at the same date corrects it). */
export interface KpiSettingState {
  readonly entries: readonly KpiSettingEntry[];
}

export const initialKpiSetting: KpiSettingState = { entries: [] };

export interface ChangeKpiSetting extends OrgCommandBase {
  readonly type: 'ChangeKpiSetting';
  readonly key: string;
  readonly value: string;
  readonly effectiveFrom: string;
}

export type KpiSettingCommand = ChangeKpiSetting;

export function kpiSettingStreamId(key: string): string {
  return `kpi-setting-${key}`;
}

/** The value in force on a date: the entry with the latest effectiveFrom ≤ date, else the default. */
export function kpiSettingOn(key: KpiSettingKey, state: KpiSettingState, date: string): string {
  let value: string = KPI_SETTINGS[key].defaultValue;
  for (const e of state.entries) if (e.effectiveFrom <= date) value = e.value;
  return value;
}

export function decideKpiSetting(command: KpiSettingCommand, state: KpiSettingState): NewEvent[] {
  switch (command.type) {
    case 'ChangeKpiSetting': {
      if (!isKpiSettingKey(command.key)) throw new UnknownKpiSettingError(command.key);
      if (!KPI_SETTINGS[command.key].valid(command.value)) throw new InvalidKpiSettingValueError(command.key, command.value);
      const same = state.entries.find((e) => e.effectiveFrom === command.effectiveFrom);
      if (same?.value === command.value) return [];
      const { key, value, effectiveFrom } = command;
      return [buildEvent(KpiSettingChanged, { ...command, branchId: GROUP_WIDE_BRANCH_ID }, { key, value, effectiveFrom }, invalidOrgData)];
    }
    default: {
      const unhandled: never = command.type;
      throw new Error(`unhandled command ${JSON.stringify(unhandled)}`);
    }
  }
}

export function evolveKpiSetting(state: KpiSettingState, envelope: EventEnvelope): KpiSettingState {
  const event = envelope as DomainEvent;
  switch (event.type) {
    case 'KpiSettingChanged': {
      const { effectiveFrom, value } = event.payload;
      const entries = [...state.entries.filter((e) => e.effectiveFrom !== effectiveFrom), { effectiveFrom, value }];
      return { entries: entries.sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom)) };
    }
    default:
      return state;
  }
}
