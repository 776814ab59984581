import type { Locale } from '@app/kpi';

/**
 * Texts the renderers need beyond `MonthlySummary.text` (page furniture, unit suffixes, legends),
 * in the three languages of the pack.
 */
export interface RenderLabels {
  readonly branch: string;
  readonly region: string;
  readonly month: string;
  readonly currency: string;
  readonly unit: string;
  readonly stretchAttainment: string;
  readonly status: string;
  readonly closedOn: string;
  readonly openMonth: string;
  readonly noRegion: string;
  /** Suffix of a change in percentage points (MoM/YoY of a percent KPI). */
  readonly points: string;
  readonly quotaVersion: string;
  readonly page: (page: number, of: number) => string;
  readonly units: { readonly score: string; readonly hours: string; readonly days: string; readonly perVehicle: string; readonly perHour: string };
  /** Legend line of the attainment colours. */
  readonly attainmentLegend: string;
  /** CSV and data-sheet column names. */
  readonly section: string;
  readonly kpiId: string;
  readonly change: string;
  readonly growth: string;
  readonly likeForLike: string;
  readonly yes: string;
  readonly no: string;
  readonly dataSheet: string;
  /** How many branches the rank is among. */
  readonly peers: string;
  /** How many regions a region's rank is among. */
  readonly regionPeers: string;
  readonly notes: string;
  readonly group: string;
  /** The currency line of a region or group pack in branch currency. */
  readonly branchCurrencies: string;
  /** A row that is one currency's part of a figure. */
  readonly subtotal: (currency: string) => string;
  /** The view line of a pack read as closed. */
  readonly view: string;
  readonly asClosedView: string;
  readonly rankedBy: (kpi: string) => string;
  /** Column head of a rank (1 = best). */
  readonly position: string;
  readonly trendTitle: string;
  readonly attainmentTitle: string;
  /** The sheet of the ranking and of the trend in the workbook. */
  readonly trendSheet: string;
  readonly rankingSheet: string;
  /** The as-of mark's line (docs/adr/0018-as-of-marks.md). */
  readonly asOf: {
    readonly label: string;
    readonly event: (position: string, recordedAt: string) => string;
    readonly behind: (events: number, seconds: number | null) => string;
    readonly current: string;
    readonly lagUnknown: string;
    readonly noData: string;
    readonly readModel: { readonly facts: string; readonly 'kpi-month-rollup': string };
  };
}

export const RENDER_LABELS: Record<Locale, RenderLabels> = {
  'zh-CN': {
    branch: '门店',
    region: '区域',
    month: '月份',
    currency: '币种',
    unit: '单位',
    stretchAttainment: '目标达成率',
    status: '状态',
    closedOn: '已关账',
    openMonth: '未关账',
    noRegion: '未分配区域',
    points: '个百分点',
    quotaVersion: '任务版本',
    page: (page, of) => `第 ${page} 页，共 ${of} 页`,
    units: { score: '分', hours: '小时', days: '天', perVehicle: '/台', perHour: '/小时' },
    attainmentLegend: '达成率：绿色 = 达成，橙色 = 差距 10% 以内，红色 = 未达成',
    section: '板块',
    kpiId: '指标代码',
    change: '变化',
    growth: '增长率 %',
    likeForLike: '同口径',
    yes: '是',
    no: '否',
    dataSheet: '数据',
    peers: '区域门店数',
    regionPeers: '大区数',
    notes: '备注',
    group: '集团',
    branchCurrencies: '各门店本币（按币种小计）',
    subtotal: (currency) => `${currency} 小计`,
    view: '口径',
    asClosedView: '关账口径',
    rankedBy: (kpi) => `按${kpi}排名`,
    position: '名次',
    trendTitle: '近 12 个月趋势',
    attainmentTitle: '任务与目标达成率',
    trendSheet: '趋势',
    rankingSheet: '排名',
    asOf: {
      label: '数据截至',
      event: (position, recordedAt) => `事件 #${position}（${recordedAt}）`,
      behind: (events, seconds) => `落后 ${events} 个事件${seconds === null ? '' : `（${seconds} 秒）`}`,
      current: '已是最新',
      lagUnknown: '滞后情况未知',
      noData: '尚无数据',
      readModel: { facts: '明细数据', 'kpi-month-rollup': '月度指标汇总' },
    },
  },
  es: {
    branch: 'Concesionario',
    region: 'Región',
    month: 'Mes',
    currency: 'Moneda',
    unit: 'Unidad',
    stretchAttainment: 'Cumplimiento retador',
    status: 'Estado',
    closedOn: 'Cerrado el',
    openMonth: 'Mes abierto',
    noRegion: 'Sin región',
    points: 'p. p.',
    quotaVersion: 'Versión del objetivo',
    page: (page, of) => `Página ${page} de ${of}`,
    units: { score: 'ptos.', hours: 'h', days: 'días', perVehicle: '/veh.', perHour: '/h' },
    attainmentLegend: 'Cumplimiento: verde = alcanzado, ámbar = a menos del 10 %, rojo = no alcanzado',
    section: 'Sección',
    kpiId: 'Código del indicador',
    change: 'Variación',
    growth: 'Crecimiento %',
    likeForLike: 'Comparable',
    yes: 'sí',
    no: 'no',
    dataSheet: 'Datos',
    peers: 'Concesionarios en la región',
    regionPeers: 'Regiones',
    notes: 'Notas',
    group: 'Grupo',
    branchCurrencies: 'Moneda de cada concesionario (subtotales por moneda)',
    subtotal: (currency) => `subtotal ${currency}`,
    view: 'Vista',
    asClosedView: 'Al cierre',
    rankedBy: (kpi) => `Ordenado por ${kpi}`,
    position: 'Posición',
    trendTitle: 'Evolución de los últimos 12 meses',
    attainmentTitle: 'Cumplimiento del objetivo asignado y del retador',
    trendSheet: 'Evolución',
    rankingSheet: 'Clasificación',
    asOf: {
      label: 'Datos hasta',
      event: (position, recordedAt) => `evento n.º ${position} (${recordedAt})`,
      behind: (events, seconds) => `${events} eventos de retraso${seconds === null ? '' : ` (${seconds} s)`}`,
      current: 'al día',
      lagUnknown: 'retraso desconocido',
      noData: 'aún sin datos',
      readModel: { facts: 'datos de detalle', 'kpi-month-rollup': 'resumen mensual de indicadores' },
    },
  },
  en: {
    branch: 'Branch',
    region: 'Region',
    month: 'Month',
    currency: 'Currency',
    unit: 'Unit',
    stretchAttainment: 'Stretch attainment',
    status: 'Status',
    closedOn: 'Closed on',
    openMonth: 'Month open',
    noRegion: 'No region',
    points: 'pp',
    quotaVersion: 'Quota version',
    page: (page, of) => `Page ${page} of ${of}`,
    units: { score: 'pts', hours: 'h', days: 'days', perVehicle: '/vehicle', perHour: '/h' },
    attainmentLegend: 'Attainment: green = met, amber = within 10 %, red = missed',
    section: 'Section',
    kpiId: 'KPI id',
    change: 'Change',
    growth: 'Growth %',
    likeForLike: 'Like-for-like',
    yes: 'yes',
    no: 'no',
    dataSheet: 'Data',
    peers: 'Branches in region',
    regionPeers: 'Regions',
    notes: 'Notes',
    group: 'Group',
    branchCurrencies: "Each branch's own currency (subtotals per currency)",
    subtotal: (currency) => `${currency} subtotal`,
    view: 'View',
    asClosedView: 'As closed',
    rankedBy: (kpi) => `Ranked by ${kpi}`,
    position: 'Position',
    trendTitle: '12-month trend',
    attainmentTitle: 'Attainment of quota and stretch',
    trendSheet: 'Trend',
    rankingSheet: 'Ranking',
    asOf: {
      label: 'Figures as of',
      event: (position, recordedAt) => `event #${position} (${recordedAt})`,
      behind: (events, seconds) => `${events} events behind${seconds === null ? '' : ` (${seconds} s)`}`,
      current: 'up to date',
      lagUnknown: 'lag unknown',
      noData: 'no data yet',
      readModel: { facts: 'facts', 'kpi-month-rollup': 'KPI month roll-up' },
    },
  },
};
