import { DEFINITIONS_ES } from './definitions.es';
import { DEFINITIONS_ZH_CN } from './definitions.zh-CN';
import { KPI_CATALOGUE, kpiDefinitionText, LOCALES } from './index';

const PARTS = ['formula', 'numerator', 'denominator', 'provisional'] as const;

/** Latin words a Chinese text may keep: acronyms and symbols, never English prose. */
const LATIN_ALLOWED = new Set(['W']);
/** Words that only English prose has (each would show an untranslated phrase on a Spanish page). */
const ENGLISH_WORDS = /\b(the|of|and|with|which|when|never|period|repair|order|orders|delivered|closed|revenue|branch|net of|counted|per)\b/i;

describe('KPI definitions in zh-CN, es and en', () => {
  it('has translations only for catalogue KPIs', () => {
    const ids = new Set(KPI_CATALOGUE.map((k) => k.id));
    expect(Object.keys(DEFINITIONS_ZH_CN).filter((id) => !ids.has(id))).toEqual([]);
    expect(Object.keys(DEFINITIONS_ES).filter((id) => !ids.has(id))).toEqual([]);
  });

  it.each(KPI_CATALOGUE.map((k) => [k.id]))('%s: a non-empty definition in every locale, the same parts as the English, zh-CN and es not English', (id) => {
    const en = kpiDefinitionText(id, 'en');
    for (const locale of LOCALES) {
      const text = kpiDefinitionText(id, locale);
      expect(text.formula.trim().length).toBeGreaterThan(5);
      for (const part of PARTS) {
        // A numerator in English has one in every language, and only then.
        expect([locale, part, typeof text[part]]).toEqual([locale, part, typeof en[part]]);
        if (en[part] !== undefined) expect(text[part]?.trim()).toBeTruthy();
      }
    }
    const zh = kpiDefinitionText(id, 'zh-CN');
    const es = kpiDefinitionText(id, 'es');
    for (const part of PARTS) {
      if (en[part] === undefined) continue;
      expect(zh[part]).not.toBe(en[part]);
      expect(es[part]).not.toBe(en[part]);
      // Chinese: Chinese characters, and no Latin word but the allowed acronyms.
      expect(zh[part]).toMatch(/[\u4e00-\u9fff]/);
      expect((zh[part]?.match(/[A-Za-z]+/g) ?? []).filter((w) => !LATIN_ALLOWED.has(w))).toEqual([]);
      // Spanish: no English prose (event type names such as VehicleDelivered neither).
      expect(es[part]).not.toMatch(ENGLISH_WORDS);
      expect(es[part]).not.toMatch(/\b[A-Z][a-z]+[A-Z][A-Za-z]*\b/);
    }
  });

  it('the catalogue answers in the locale asked', () => {
    expect(kpiDefinitionText('rework_rate', 'zh-CN').denominator).toBe('本期关单的工单');
    expect(kpiDefinitionText('rework_rate', 'es').denominator).toBe('órdenes cerradas en el periodo');
    expect(kpiDefinitionText('rework_rate', 'en').denominator).toBe('repair orders closed in the period');
    expect(() => kpiDefinitionText('nope', 'es')).toThrow(RangeError);
  });
});
