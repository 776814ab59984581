import { DeciderSpecification } from '@app/contracts/testing';
import {
  ChangeKpiSetting,
  decideKpiSetting,
  evolveKpiSetting,
  initialKpiSetting,
  InvalidKpiSettingValueError,
  kpiSettingOn,
  UnknownKpiSettingError,
} from './kpi-setting.aggregate';
import { at } from './org-command.spec-helper';

const given = DeciderSpecification.for({
  decide: decideKpiSetting,
  evolve: evolveKpiSetting,
  initialState: initialKpiSetting,
  streamId: 'kpi-setting-rework_window_days',
});
const change = (value: string, effectiveFrom = '2026-07-01', key = 'rework_window_days'): ChangeKpiSetting => ({
  type: 'ChangeKpiSetting',
  ...at(),
  key,
  value,
  effectiveFrom,
});

describe('KPI setting', () => {
  it('defaults until changed, then applies from its effective date', () => {
    const { state } = given()
      .when(change('45'))
      .then([{ type: 'KpiSettingChanged', branchId: '*', payload: { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' } }]);
    expect(kpiSettingOn('rework_window_days', given().state, '2026-08-01')).toBe('30');
    expect(kpiSettingOn('rework_window_days', state, '2026-06-30')).toBe('30');
    expect(kpiSettingOn('rework_window_days', state, '2026-07-01')).toBe('45');
  });

  it('holds the activity quota of sales consultants: 30 calls a day and 20 visits a week until changed, whole numbers from 1', () => {
    expect(kpiSettingOn('sales_calls_per_day', initialKpiSetting, '2026-02-01')).toBe('30');
    expect(kpiSettingOn('sales_visits_per_week', initialKpiSetting, '2026-02-01')).toBe('20');
    given()
      .when(change('25', '2026-02-23', 'sales_calls_per_day'))
      .then([{ type: 'KpiSettingChanged', payload: { key: 'sales_calls_per_day', value: '25', effectiveFrom: '2026-02-23' } }]);
    given()
      .when(change('0', '2026-02-23', 'sales_visits_per_week'))
      .thenThrows(InvalidKpiSettingValueError);
    given()
      .when(change('12.5', '2026-02-23', 'sales_calls_per_day'))
      .thenThrows(InvalidKpiSettingValueError);
  });

  it('changes nothing when the same value is set for the same date again', () => {
    given(decideKpiSetting(change('45'), initialKpiSetting))
      .when(change('45'))
      .thenNothingHappened();
  });

  it('refuses an unknown key and a value the key does not accept', () => {
    given()
      .when(change('1', '2026-01-01', 'coffee_breaks'))
      .thenThrows(UnknownKpiSettingError);
    given().when(change('0')).thenThrows(InvalidKpiSettingValueError);
    given().when(change('30.5')).thenThrows(InvalidKpiSettingValueError);
    given()
      .when(change('cny', '2026-01-01', 'group_currency'))
      .thenThrows(InvalidKpiSettingValueError);
  });
});
