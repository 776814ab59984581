import * as page from '../../reporting/web/assets/i18n.js';
import { formField, LEVELS, MAX_BUSINESS_DAY, reasonText } from '../../reporting/web/assets/subscriptions.js';
import { MAX_BUSINESS_DAY as API_MAX_BUSINESS_DAY } from './pack-schedule';
import { PACK_LEVELS } from './pack-subscriptions.dto';

/**
 * The Pack subscriptions page's pure parts (libs/reporting/web/assets/subscriptions.js): where an
 * API field error shows, how a reason of the delivery log reads, and that the page's limits are
 * the API's.
 */
const texts = page.texts;

describe('subscriptions page', () => {
  it('shows an API field error by the form field it belongs to', () => {
    expect(['branchId', 'regionId', 'pack'].map(formField)).toEqual(['unit', 'unit', 'unit']);
    // A group pack has no unit field: its refusal shows on the level.
    expect(formField('level')).toBe('level');
    expect(formField('schedule.businessDay')).toBe('businessDay');
    expect(formField('schedule.weekday')).toBe('weekday');
    expect(formField('schedule')).toBe('kind');
    expect(formField('formats[0]')).toBe('formats');
    expect(formField('timeZone')).toBe('timeZone');
  });

  it('reads a refusal in the log by its code, anything else as the mail server', () => {
    for (const locale of ['zh-CN', 'es', 'en'] as const) {
      const t = texts(locale);
      expect(reasonText(t, 'SUBSCRIPTION_DELETED: the subscription was deleted')).toBe(t.errors.SUBSCRIPTION_DELETED);
      expect(reasonText(t, 'RECIPIENT_OUT_OF_SCOPE: branch SH-01 is outside the access scope of wang.fang (branch-manager)')).toBe(
        t.errors.RECIPIENT_OUT_OF_SCOPE,
      );
      expect(reasonText(t, 'EENVELOPE 451 Mailbox busy, try again later')).toBe(t.subscriptions.mailError);
      expect(reasonText(t, 'NOT_A_CODE_WE_KNOW: something')).toBe(t.subscriptions.mailError);
    }
    expect(new Set((['zh-CN', 'es', 'en'] as const).map((l) => texts(l).subscriptions.mailError)).size).toBe(3);
  });

  it('offers the levels and business days the API takes', () => {
    expect([...LEVELS]).toEqual([...PACK_LEVELS]);
    expect(MAX_BUSINESS_DAY).toBe(API_MAX_BUSINESS_DAY);
    // The rule the form shows under a refused business day names the API's maximum, in every language.
    for (const locale of ['zh-CN', 'es', 'en'] as const) {
      const t = texts(locale).subscriptions;
      expect(t.rules.businessDay).toContain(`1 ${{ 'zh-CN': '至', es: 'al', en: 'to' }[locale]} ${API_MAX_BUSINESS_DAY}`);
      expect(t.businessDayHelp(API_MAX_BUSINESS_DAY)).toContain(String(API_MAX_BUSINESS_DAY));
    }
  });
});
