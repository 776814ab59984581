import { Locale } from '@app/kpi';

/** What a delivered pack's mail says, in the recipient's language (no English left in zh-CN or es). */
export interface PackMailInput {
  readonly locale: Locale;
  readonly recipientName: string;
  /** The pack's unit: a branch, a region or the group (named by its localized name alone). */
  readonly level: 'branch' | 'region' | 'group';
  readonly unitName: string;
  readonly unitId: string;
  /** `YYYY-MM` */
  readonly period: string;
  readonly kind: 'monthly' | 'weekly';
  /** Weekly: the last day the month to date covers (`YYYY-MM-DD`). */
  readonly through: string;
  readonly formats: readonly ('pdf' | 'xlsx')[];
  /** The position of the last event the figures include, when known. */
  readonly asOfPosition: string | null;
}

export interface PackMail {
  readonly subject: string;
  readonly text: string;
}

const INTL_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-CN', es: 'es-ES', en: 'en-GB' };

function monthName(period: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${period}-01T00:00:00Z`));
}

function dayName(date: string, locale: Locale): string {
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(
    new Date(`${date}T00:00:00Z`),
  );
}

const FORMAT_NAMES = { pdf: 'PDF', xlsx: 'Excel' } as const;

export function composePackMail(input: PackMailInput): PackMail {
  const branch =
    input.level === 'group' ? input.unitName : input.unitName && input.unitName !== input.unitId ? `${input.unitName} (${input.unitId})` : input.unitId;
  const month = monthName(input.period, input.locale);
  const through = dayName(input.through, input.locale);
  const formats = input.formats.map((f) => FORMAT_NAMES[f]);
  const weekly = input.kind === 'weekly';
  switch (input.locale) {
    case 'zh-CN': {
      const what = weekly ? `本月至今经营分析（截至${through}）` : `月度经营分析（${month}）`;
      return {
        subject: `【${weekly ? '本月至今经营分析' : '月度经营分析'}】${branch} · ${weekly ? `截至${through}` : month}`,
        text: [
          `${input.recipientName}，您好：`,
          '',
          `附件为${branch}的${what}，格式：${formats.join('、')}。`,
          ...(input.asOfPosition ? [`数据截至：事件 #${input.asOfPosition}`] : []),
          '',
          '此邮件由总部设置的报表订阅自动发送，请勿直接回复。如需变更订阅，请联系总部。',
        ].join('\n'),
      };
    }
    case 'es': {
      const what = weekly ? `el resumen del mes en curso (hasta el ${through})` : `el resumen mensual de gestión de ${month}`;
      return {
        subject: weekly ? `Resumen del mes en curso · ${branch} · hasta el ${through}` : `Resumen mensual de gestión · ${branch} · ${month}`,
        text: [
          `Hola, ${input.recipientName}:`,
          '',
          `Adjuntamos ${what} de ${branch}, en formato ${formats.join(' y ')}.`,
          ...(input.asOfPosition ? [`Datos hasta el evento n.º ${input.asOfPosition}.`] : []),
          '',
          'Este correo se envía automáticamente por una suscripción de la central; no responda a este mensaje. Para cambiar la suscripción, contacte con la central.',
        ].join('\n'),
      };
    }
    case 'en': {
      const what = weekly ? `the month-to-date summary (to ${through})` : `the monthly business summary for ${month}`;
      return {
        subject: weekly ? `Month-to-date summary · ${branch} · to ${through}` : `Monthly business summary · ${branch} · ${month}`,
        text: [
          `Hello ${input.recipientName},`,
          '',
          `Attached is ${what} of ${branch}, as ${formats.join(' and ')}.`,
          ...(input.asOfPosition ? [`Figures as of event #${input.asOfPosition}.`] : []),
          '',
          'This mail is sent automatically by a head-office subscription; please do not reply. To change the subscription, contact head office.',
        ].join('\n'),
      };
    }
  }
}

/** `SH-01-2026-11-zh-CN.pdf`, `EAST-…`, `group-…`; a month-to-date pack `SH-01-2026-12-to-2026-12-06-zh-CN.xlsx`. */
export function packFileName(unitId: string, period: string, kind: 'monthly' | 'weekly', through: string, locale: Locale, format: 'pdf' | 'xlsx'): string {
  return `${unitId.replaceAll(':', '_')}-${period}${kind === 'weekly' ? `-to-${through}` : ''}-${locale}.${format}`;
}
