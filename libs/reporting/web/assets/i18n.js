// Every label of the dashboard in the three languages of its users (KPI names come from the API
// in the requested locale), and number formatting from the API's exact decimal strings.

export const LOCALES = ['zh-CN', 'es', 'en'];

const TEXT = {
  'zh-CN': {
    title: '经营指标看板',
    signInTitle: '登录',
    tokenPrompt: '粘贴访问令牌（JWT）',
    tokenHelp: '开发环境令牌：npm run token -- --role head-office',
    signIn: '进入',
    signOut: '退出',
    group: '集团',
    region: '区域',
    branch: '门店',
    period: '月份',
    language: '语言',
    currency: '币种',
    currencyGroup: '集团币种',
    currencyBranch: '门店币种',
    view: '口径',
    restated: '重述数',
    asClosed: '关账数',
    months: '趋势',
    monthsOption: (n) => `${n} 个月`,
    trend: '月度趋势',
    actual: '实际',
    quota: '任务',
    stretch: '目标',
    attainment: '达成率',
    stretchAttainment: '目标达成率',
    mom: '环比',
    yoy: '同比',
    rank: '排名',
    provisional: '暂定',
    provisionalUntil: (date) => `暂定，至 ${date}`,
    closedDiff: (value) => `关账数 ${value}`,
    closedOn: '已关账',
    regions: '区域',
    leagueTable: '门店排行榜',
    regionTable: '区域排行',
    unit: '单位',
    noData: '暂无数据',
    loading: '加载中…',
    monthlySummary: '门店月度经营分析',
    downloadPdf: '下载 PDF',
    downloadXlsx: '下载 Excel',
    downloadCsv: '下载 CSV',
    print: '打印版',
    unauthorized: '令牌无效或已过期，请重新登录。',
    forbidden: '无权查看该范围的数据。',
    failed: '请求失败',
    noRegion: '未分配区域',
    branchCount: (n) => `${n} 家门店`,
    sortHint: '点击列标题排序',
    points: '个百分点',
    role: { 'head-office': '总部', 'region-manager': '区域经理', 'branch-manager': '门店总经理', analyst: '分析师' },
  },
  es: {
    title: 'Cuadro de mando de KPI',
    signInTitle: 'Acceso',
    tokenPrompt: 'Pegue su token de acceso (JWT)',
    tokenHelp: 'Token de desarrollo: npm run token -- --role head-office',
    signIn: 'Entrar',
    signOut: 'Salir',
    group: 'Grupo',
    region: 'Región',
    branch: 'Concesionario',
    period: 'Mes',
    language: 'Idioma',
    currency: 'Moneda',
    currencyGroup: 'Moneda del grupo',
    currencyBranch: 'Moneda del concesionario',
    view: 'Vista',
    restated: 'Reexpresado',
    asClosed: 'Al cierre',
    months: 'Tendencia',
    monthsOption: (n) => `${n} meses`,
    trend: 'Tendencia mensual',
    actual: 'Real',
    quota: 'Objetivo asignado',
    stretch: 'Objetivo retador',
    attainment: 'Cumplimiento',
    stretchAttainment: 'Cumplimiento retador',
    mom: 'Vs. mes anterior',
    yoy: 'Vs. año anterior',
    rank: 'Posición',
    provisional: 'Provisional',
    provisionalUntil: (date) => `Provisional hasta ${date}`,
    closedDiff: (value) => `Al cierre ${value}`,
    closedOn: 'Cerrado el',
    regions: 'Regiones',
    leagueTable: 'Clasificación de concesionarios',
    regionTable: 'Clasificación de regiones',
    unit: 'Unidad',
    noData: 'Sin datos',
    loading: 'Cargando…',
    monthlySummary: 'Resumen mensual del concesionario',
    downloadPdf: 'Descargar PDF',
    downloadXlsx: 'Descargar Excel',
    downloadCsv: 'Descargar CSV',
    print: 'Versión imprimible',
    unauthorized: 'El token no es válido o ha caducado. Vuelva a entrar.',
    forbidden: 'No tiene acceso a estos datos.',
    failed: 'La consulta falló',
    noRegion: 'Sin región',
    branchCount: (n) => `${n} concesionarios`,
    sortHint: 'Pulse un encabezado para ordenar',
    points: 'p. p.',
    role: { 'head-office': 'Dirección general', 'region-manager': 'Director regional', 'branch-manager': 'Gerente de concesionario', analyst: 'Analista' },
  },
  en: {
    title: 'KPI dashboard',
    signInTitle: 'Sign in',
    tokenPrompt: 'Paste your access token (JWT)',
    tokenHelp: 'Development token: npm run token -- --role head-office',
    signIn: 'Sign in',
    signOut: 'Sign out',
    group: 'Group',
    region: 'Region',
    branch: 'Branch',
    period: 'Month',
    language: 'Language',
    currency: 'Currency',
    currencyGroup: 'Group currency',
    currencyBranch: 'Branch currency',
    view: 'View',
    restated: 'Restated',
    asClosed: 'As closed',
    months: 'Trend',
    monthsOption: (n) => `${n} months`,
    trend: 'Monthly trend',
    actual: 'Actual',
    quota: 'Quota',
    stretch: 'Stretch',
    attainment: 'Attainment',
    stretchAttainment: 'Stretch attainment',
    mom: 'MoM',
    yoy: 'YoY',
    rank: 'Rank',
    provisional: 'Provisional',
    provisionalUntil: (date) => `Provisional until ${date}`,
    closedDiff: (value) => `As closed ${value}`,
    closedOn: 'Closed on',
    regions: 'Regions',
    leagueTable: 'Branch league table',
    regionTable: 'Region league table',
    unit: 'Unit',
    noData: 'No data',
    loading: 'Loading…',
    monthlySummary: 'Branch monthly summary',
    downloadPdf: 'Download PDF',
    downloadXlsx: 'Download Excel',
    downloadCsv: 'Download CSV',
    print: 'Printable page',
    unauthorized: 'The token is not valid or has expired. Please sign in again.',
    forbidden: 'You have no access to these figures.',
    failed: 'The request failed',
    noRegion: 'No region',
    branchCount: (n) => `${n} branches`,
    sortHint: 'Click a heading to sort',
    points: 'pp',
    role: { 'head-office': 'Head office', 'region-manager': 'Region manager', 'branch-manager': 'Branch manager', analyst: 'Analyst' },
  },
};

export function texts(locale) {
  return TEXT[locale] ?? TEXT.en;
}

/** The browser's language if it is one of ours, else English. */
export function preferredLocale(languages = navigator.languages ?? []) {
  for (const language of languages) {
    if (language.toLowerCase().startsWith('zh')) return 'zh-CN';
    if (language.toLowerCase().startsWith('es')) return 'es';
    if (language.toLowerCase().startsWith('en')) return 'en';
  }
  return 'en';
}

const decimals = (value) => (value.split('.')[1] ?? '').length;
const isMoney = (unit) => unit === 'money' || unit === 'money_per_unit' || unit === 'money_per_hour';

/** A figure in full (Intl formats the decimal string exactly), `—` when there is none. */
export function formatFigure(value, unit, locale) {
  if (value === null || value === undefined) return '—';
  const digits = isMoney(unit) ? 2 : decimals(value);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** A tile's figure: money in compact form (万 / 亿 in Chinese, M in English and Spanish). */
export function formatHeadline(value, unit, locale) {
  if (value === null || value === undefined) return '—';
  if (unit === 'money') return new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
  return formatFigure(value, unit, locale);
}

/** 0–100 → `104.5%` (`104,5 %` in Spanish). */
export function formatPercent(value, locale, signed = false) {
  if (value === null || value === undefined) return '—';
  const [int = '0', frac = ''] = value.replace('-', '').split('.');
  // Shift the decimal point two places to the left on the string: value ÷ 100 without a float.
  const padded = int.padStart(3, '0');
  const fraction = `${value.startsWith('-') ? '-' : ''}${padded.slice(0, -2)}.${padded.slice(-2)}${frac}`;
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: signed ? 'exceptZero' : 'auto',
  }).format(fraction);
}

export function unitSuffix(unit, currency, locale) {
  const t = { 'zh-CN': { per: '/台', h: '小时', score: '分', days: '天' }, es: { per: '/veh.', h: 'h', score: 'pts', days: 'días' }, en: { per: '/vehicle', h: 'h', score: 'pts', days: 'days' } }[locale];
  switch (unit) {
    case 'money':
      return currency ?? '';
    case 'money_per_unit':
      return `${currency ?? ''}${t.per}`;
    case 'money_per_hour':
      return `${currency ?? ''}/h`;
    case 'percent':
      return '%';
    case 'hours':
      return t.h;
    case 'score':
      return t.score;
    case 'days':
      return t.days;
    default:
      return '';
  }
}

export function formatMonth(period, locale) {
  const [year, month] = period.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(Date.UTC(year, month - 1, 1));
}

export function formatDate(iso, locale) {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(iso));
}

/** good: met or better than before; warn: within 10 %; bad: missed or worse. */
export function attainmentTone(attainment, higherIsBetter) {
  if (attainment === null || attainment === undefined) return '';
  const a = Number(attainment);
  if (higherIsBetter) return a >= 100 ? 'good' : a >= 90 ? 'warn' : 'bad';
  return a <= 100 ? 'good' : a <= 110 ? 'warn' : 'bad';
}

export function growthTone(growth, higherIsBetter) {
  if (growth === null || growth === undefined || Number(growth) === 0) return '';
  return Number(growth) > 0 === higherIsBetter ? 'good' : 'bad';
}
