import { composePackMail, packFileName } from './pack-mail';

const base = {
  recipientName: '王经理',
  level: 'branch' as const,
  unitName: '上海浦东4S店',
  unitId: 'SH-01',
  period: '2026-11',
  through: '2026-11-30',
  formats: ['pdf', 'xlsx'] as const,
  asOfPosition: '42',
};

describe('pack mail', () => {
  it('says it in Chinese, with no English words but the format names', () => {
    const mail = composePackMail({ ...base, locale: 'zh-CN', kind: 'monthly' });
    expect(mail.subject).toBe('【月度经营分析】上海浦东4S店 (SH-01) · 2026年11月');
    expect(mail.text).toContain('附件为上海浦东4S店 (SH-01)的月度经营分析（2026年11月），格式：PDF、Excel。');
    expect(mail.text).toContain('数据截至：事件 #42');
    const words = `${mail.subject}\n${mail.text}`.replace(/PDF|Excel|SH-01|4S/g, '').match(/[A-Za-z]{2,}/g);
    expect(words).toBeNull();
  });

  it('says it in Spanish, month to date for a weekly pack', () => {
    const mail = composePackMail({
      ...base,
      recipientName: 'Ana',
      unitName: 'Madrid Norte',
      unitId: 'MAD-01',
      locale: 'es',
      kind: 'weekly',
      period: '2026-12',
      through: '2026-12-06',
    });
    expect(mail.subject).toBe('Resumen del mes en curso · Madrid Norte (MAD-01) · hasta el 6 de diciembre de 2026');
    expect(mail.text).toMatch(/^Hola, Ana:/);
    expect(mail.text).not.toMatch(/\b(the|summary|attached|month|head office)\b/i);
    expect(composePackMail({ ...base, locale: 'es', kind: 'monthly' }).subject).toBe('Resumen mensual de gestión · 上海浦东4S店 (SH-01) · noviembre de 2026');
  });

  it('names a region by name and id, the group by its name alone', () => {
    const region = composePackMail({ ...base, level: 'region', unitName: '华东大区', unitId: 'EAST', locale: 'zh-CN', kind: 'monthly' });
    expect(region.subject).toBe('【月度经营分析】华东大区 (EAST) · 2026年11月');
    const group = composePackMail({ ...base, level: 'group', unitName: '集团', unitId: 'group', locale: 'zh-CN', kind: 'weekly', through: '2026-11-29' });
    expect(group.subject).toBe('【本月至今经营分析】集团 · 截至2026年11月29日');
    expect(group.text).toContain('附件为集团的本月至今经营分析（截至2026年11月29日），格式：PDF、Excel。');
    expect(`${group.subject}\n${group.text}`.replace(/PDF|Excel/g, '').match(/[A-Za-z]{2,}/g)).toBeNull();
    expect(composePackMail({ ...base, level: 'group', unitName: 'Group', unitId: 'group', locale: 'en', kind: 'monthly' }).subject).toBe(
      'Monthly business summary · Group · November 2026',
    );
  });

  it('says it in English', () => {
    const mail = composePackMail({ ...base, recipientName: 'Sam', locale: 'en', kind: 'monthly', formats: ['pdf'], asOfPosition: null });
    expect(mail.subject).toBe('Monthly business summary · 上海浦东4S店 (SH-01) · November 2026');
    expect(mail.text).toContain('as PDF.');
    expect(mail.text).not.toContain('event #');
  });

  it('names the attachments after the unit, period, span and locale', () => {
    expect(packFileName('group', '2026-11', 'monthly', '2026-11-30', 'en', 'xlsx')).toBe('group-2026-11-en.xlsx');
    expect(packFileName('SH-01', '2026-11', 'monthly', '2026-11-30', 'zh-CN', 'pdf')).toBe('SH-01-2026-11-zh-CN.pdf');
    expect(packFileName('EU:MAD-01', '2026-12', 'weekly', '2026-12-06', 'es', 'xlsx')).toBe('EU_MAD-01-2026-12-to-2026-12-06-es.xlsx');
  });
});
