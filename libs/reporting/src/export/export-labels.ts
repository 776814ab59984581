import type { Locale } from '@app/kpi';

/**
 * Column headers and sheet names of the table exports (scorecard, league tables, KPI series and
 * breakdowns, lineage) in the three languages of the dashboard: nothing English is left in a
 * zh-CN or es file. KPI and dimension labels come from the catalogue in the same locale.
 */
export interface ExportLabels {
  readonly unitId: string;
  readonly unitName: string;
  readonly period: string;
  readonly periodStart: string;
  readonly periodEnd: string;
  readonly value: string;
  readonly currency: string;
  readonly numerator: string;
  readonly denominator: string;
  readonly provisional: string;
  readonly quota: string;
  readonly stretch: string;
  readonly quotaAttainment: string;
  readonly stretchAttainment: string;
  readonly mom: string;
  readonly yoy: string;
  readonly rank: string;
  readonly rankInBranch: string;
  readonly rankInRegion: string;
  readonly employee: string;
  readonly branchId: string;
  readonly branchName: string;
  readonly regionId: string;
  readonly eventId: string;
  readonly stream: string;
  readonly position: string;
  readonly businessDate: string;
  readonly reference: string;
  readonly month: string;
  readonly rate: string;
  readonly numeratorConverted: string;
  readonly denominatorConverted: string;
  readonly asClosed: string;
  readonly yes: string;
  readonly no: string;
  /** A money figure in several currencies (branch currency above branch level): the per-currency subtotal rows. */
  readonly subtotal: (unitName: string, currency: string) => string;
  readonly sheets: {
    readonly scorecard: string;
    readonly league: string;
    readonly series: string;
    readonly lineage: string;
    readonly conversions: string;
    readonly about: string;
  };
  readonly about: {
    readonly item: string;
    readonly detail: string;
    readonly asOf: string;
    readonly generated: string;
    readonly query: string;
    readonly figure: string;
  };
}

export const EXPORT_LABELS: Record<Locale, ExportLabels> = {
  'zh-CN': {
    unitId: '单位代码',
    unitName: '单位名称',
    period: '期间',
    periodStart: '期间开始',
    periodEnd: '期间结束',
    value: '数值',
    currency: '币种',
    numerator: '分子',
    denominator: '分母',
    provisional: '暂定',
    quota: '任务',
    stretch: '目标',
    quotaAttainment: '任务达成率 %',
    stretchAttainment: '目标达成率 %',
    mom: '环比 %',
    yoy: '同比 %',
    rank: '排名',
    rankInBranch: '店内排名',
    rankInRegion: '区域内排名',
    employee: '员工编号',
    branchId: '门店代码',
    branchName: '门店名称',
    regionId: '区域',
    eventId: '事件编号',
    stream: '事件流',
    position: '事件位置',
    businessDate: '营业日期',
    reference: '单据',
    month: '月份',
    rate: '汇率',
    numeratorConverted: '分子（折算）',
    denominatorConverted: '分母（折算）',
    asClosed: '关账时数值',
    yes: '是',
    no: '否',
    subtotal: (unitName, currency) => `${unitName}（${currency} 小计）`,
    sheets: { scorecard: '排行榜', league: '员工排行榜', series: '指标', lineage: '明细', conversions: '汇率折算', about: '说明' },
    about: { item: '项目', detail: '内容', asOf: '数据截至事件', generated: '生成时间', query: '查询', figure: '数值' },
  },
  es: {
    unitId: 'Código de la unidad',
    unitName: 'Unidad',
    period: 'Periodo',
    periodStart: 'Inicio del periodo',
    periodEnd: 'Fin del periodo',
    value: 'Valor',
    currency: 'Moneda',
    numerator: 'Numerador',
    denominator: 'Denominador',
    provisional: 'Provisional',
    quota: 'Cuota',
    stretch: 'Objetivo',
    quotaAttainment: 'Cumplimiento de cuota %',
    stretchAttainment: 'Cumplimiento del objetivo %',
    mom: 'Var. mensual %',
    yoy: 'Var. interanual %',
    rank: 'Posición',
    rankInBranch: 'Posición en la sucursal',
    rankInRegion: 'Posición en la región',
    employee: 'Empleado',
    branchId: 'Código de la sucursal',
    branchName: 'Sucursal',
    regionId: 'Región',
    eventId: 'Identificador del evento',
    stream: 'Flujo de eventos',
    position: 'Posición del evento',
    businessDate: 'Fecha contable',
    reference: 'Documento',
    month: 'Mes',
    rate: 'Tipo de cambio',
    numeratorConverted: 'Numerador convertido',
    denominatorConverted: 'Denominador convertido',
    asClosed: 'Valor al cierre',
    yes: 'sí',
    no: 'no',
    subtotal: (unitName, currency) => `${unitName} (subtotal ${currency})`,
    sheets: {
      scorecard: 'Clasificación',
      league: 'Clasificación de personas',
      series: 'Indicador',
      lineage: 'Detalle',
      conversions: 'Conversiones',
      about: 'Acerca de',
    },
    about: { item: 'Elemento', detail: 'Detalle', asOf: 'Datos hasta el evento', generated: 'Generado', query: 'Consulta', figure: 'Valor' },
  },
  en: {
    unitId: 'Unit id',
    unitName: 'Unit',
    period: 'Period',
    periodStart: 'Period start',
    periodEnd: 'Period end',
    value: 'Value',
    currency: 'Currency',
    numerator: 'Numerator',
    denominator: 'Denominator',
    provisional: 'Provisional',
    quota: 'Quota',
    stretch: 'Stretch',
    quotaAttainment: 'Quota attainment %',
    stretchAttainment: 'Stretch attainment %',
    mom: 'MoM %',
    yoy: 'YoY %',
    rank: 'Rank',
    rankInBranch: 'Rank in branch',
    rankInRegion: 'Rank in region',
    employee: 'Employee',
    branchId: 'Branch id',
    branchName: 'Branch',
    regionId: 'Region',
    eventId: 'Event id',
    stream: 'Stream',
    position: 'Position',
    businessDate: 'Business date',
    reference: 'Reference',
    month: 'Month',
    rate: 'Rate',
    numeratorConverted: 'Numerator converted',
    denominatorConverted: 'Denominator converted',
    asClosed: 'As closed',
    yes: 'yes',
    no: 'no',
    subtotal: (unitName, currency) => `${unitName} (${currency} subtotal)`,
    sheets: { scorecard: 'Scorecard', league: 'League table', series: 'KPI', lineage: 'Lineage', conversions: 'Conversions', about: 'About' },
    about: { item: 'Item', detail: 'Detail', asOf: 'Figures up to event', generated: 'Generated', query: 'Query', figure: 'Figure' },
  },
};
