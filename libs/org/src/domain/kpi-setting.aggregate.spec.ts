import { NewEvent } from '@app/contracts';
import { at, fold } from './given.spec-helper';
import {
  ChangeKpiSetting,
  decideKpiSetting,
  evolveKpiSetting,
  initialKpiSetting,
  InvalidKpiSettingValueError,
  KpiSettingState,
  kpiSettingOn,
  UnknownKpiSettingError,
} from './kpi-setting.aggregate';

const given = (...events: NewEvent[]): KpiSettingState => fold(initialKpiSetting, evolveKpiSetting, 'kpi-setting-rework_window_days', events);
const change = (value: string, effectiveFrom = '2026-07-01', key = 'rework_window_days'): ChangeKpiSetting => ({
  type: 'ChangeKpiSetting',
  ...at(),
  key,
  value,
  effectiveFrom,
});

describe('KPI setting', () => {
  it('defaults until changed, then applies from its effective date', () => {
    const events = decideKpiSetting(change('45'), given());
    expect(events).toMatchObject([{ type: 'KpiSettingChanged', branchId: '*', payload: { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' } }]);
    const state = given(...events);
    expect(kpiSettingOn('rework_window_days', given(), '2026-08-01')).toBe('30');
    expect(kpiSettingOn('rework_window_days', state, '2026-06-30')).toBe('30');
    expect(kpiSettingOn('rework_window_days', state, '2026-07-01')).toBe('45');
  });

  it('changes nothing when the same value is set for the same date again', () => {
    expect(decideKpiSetting(change('45'), given(...decideKpiSetting(change('45'), initialKpiSetting)))).toEqual([]);
  });

  it('refuses an unknown key and a value the key does not accept', () => {
    expect(() => decideKpiSetting(change('1', '2026-01-01', 'coffee_breaks'), given())).toThrow(UnknownKpiSettingError);
    expect(() => decideKpiSetting(change('0'), given())).toThrow(InvalidKpiSettingValueError);
    expect(() => decideKpiSetting(change('30.5'), given())).toThrow(InvalidKpiSettingValueError);
    expect(() => decideKpiSetting(change('cny', '2026-01-01', 'group_currency'), given())).toThrow(InvalidKpiSettingValueError);
  });
});
