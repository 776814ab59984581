/**
 * The dealer group the simulator builds: regions, branches (in the order `--branches N` takes
 * them), brands and models with prices, the parts and accessories catalogue, and seasonality.
 * Figures are typical of Chinese 4S stores and Spanish dealers; volumes at `scale` 1 are those of
 * a real store (a medium one delivers ~80 cars and takes ~650 workshop intakes a month).
 */

export interface RegionPlan {
  readonly regionId: string;
  readonly name: string;
}

export const REGIONS: readonly RegionPlan[] = [
  { regionId: 'EAST', name: 'East China 华东大区' },
  { regionId: 'SOUTH', name: 'South China 华南大区' },
  { regionId: 'NORTH', name: 'North China 华北大区' },
  { regionId: 'IBERIA', name: 'Iberia (España)' },
];

export type BranchSize = 'S' | 'M' | 'L';
export const SIZE_FACTOR: Readonly<Record<BranchSize, number>> = { S: 0.6, M: 1, L: 1.6 };

export interface BranchPlan {
  readonly branchId: string;
  readonly name: string;
  readonly regionId: string;
  readonly currency: 'CNY' | 'EUR';
  readonly timeZone: string;
  readonly brands: readonly string[];
  readonly size: BranchSize;
  /** Business-day cut-off in minutes after midnight (a workshop open until 01:00 books work on the previous day). */
  readonly cutoffMinutes: number;
}

const cn = (branchId: string, name: string, regionId: string, brands: string[], size: BranchSize, cutoffMinutes = 0): BranchPlan => ({
  branchId,
  name,
  regionId,
  currency: 'CNY',
  timeZone: 'Asia/Shanghai',
  brands,
  size,
  cutoffMinutes,
});
const es = (branchId: string, name: string, brands: string[], size: BranchSize): BranchPlan => ({
  branchId,
  name,
  regionId: 'IBERIA',
  currency: 'EUR',
  timeZone: 'Europe/Madrid',
  brands,
  size,
  cutoffMinutes: 0,
});

/** In the order `--branches N` takes them: the first three already mix regions, currencies and a cut-off. */
export const BRANCHES: readonly BranchPlan[] = [
  cn('SH-01', 'Shanghai Pudong Volkswagen 4S 上海浦东大众4S店', 'EAST', ['Volkswagen'], 'L'),
  es('MAD-01', 'Madrid Norte SEAT · CUPRA', ['SEAT', 'CUPRA'], 'M'),
  cn('GZ-01', 'Guangzhou Tianhe Toyota 4S 广州天河丰田4S店', 'SOUTH', ['Toyota'], 'M', 60),
  cn('BJ-01', 'Beijing Chaoyang Audi 4S 北京朝阳奥迪4S店', 'NORTH', ['Audi'], 'L'),
  cn('HZ-01', 'Hangzhou Xihu BYD 4S 杭州西湖比亚迪4S店', 'EAST', ['BYD'], 'M'),
  cn('SZ-01', 'Shenzhen Futian BYD 4S 深圳福田比亚迪4S店', 'SOUTH', ['BYD'], 'L'),
  cn('TJ-01', 'Tianjin Hexi Volkswagen 4S 天津河西大众4S店', 'NORTH', ['Volkswagen'], 'M'),
  es('BCN-01', 'Barcelona Diagonal Volkswagen', ['Volkswagen'], 'M'),
  cn('NJ-01', 'Nanjing Jianye Buick 4S 南京建邺别克4S店', 'EAST', ['Buick'], 'M'),
  cn('FS-01', 'Foshan Chancheng Honda 4S 佛山禅城本田4S店', 'SOUTH', ['Honda'], 'S'),
  cn('JN-01', 'Jinan Lixia Toyota 4S 济南历下丰田4S店', 'NORTH', ['Toyota'], 'S', 60),
  cn('SH-02', 'Shanghai Minhang Mercedes-Benz 4S 上海闵行奔驰4S店', 'EAST', ['Mercedes-Benz'], 'L'),
  es('VLC-01', 'Valencia Campanar Toyota', ['Toyota'], 'S'),
  cn('DG-01', 'Dongguan Nancheng Volkswagen 4S 东莞南城大众4S店', 'SOUTH', ['Volkswagen'], 'M'),
  cn('QD-01', 'Qingdao Shinan Volkswagen 4S 青岛市南大众4S店', 'NORTH', ['Volkswagen'], 'M'),
  cn('SZH-01', 'Suzhou Industrial Park Audi 4S 苏州园区奥迪4S店', 'EAST', ['Audi'], 'M'),
  cn('XM-01', 'Xiamen Siming Toyota 4S 厦门思明丰田4S店', 'SOUTH', ['Toyota'], 'S'),
  cn('SJZ-01', 'Shijiazhuang Honda 4S 石家庄本田4S店', 'NORTH', ['Honda'], 'S'),
  cn('NB-01', 'Ningbo Yinzhou Volkswagen · Skoda 4S 宁波鄞州大众斯柯达4S店', 'EAST', ['Volkswagen', 'Skoda'], 'M'),
  cn('NN-01', 'Nanning BYD 4S 南宁比亚迪4S店', 'SOUTH', ['BYD'], 'S'),
  cn('DL-01', 'Dalian BMW 4S 大连宝马4S店', 'NORTH', ['BMW'], 'M'),
  cn('WX-01', 'Wuxi Toyota 4S 无锡丰田4S店', 'EAST', ['Toyota'], 'S'),
  cn('ZH-01', 'Zhuhai Honda 4S 珠海本田4S店', 'SOUTH', ['Honda'], 'S'),
  es('SEV-01', 'Sevilla SEAT', ['SEAT'], 'S'),
];

/** A branch that moves region during the history (as-of attribution), and one that opens mid-way (growth not like-for-like). */
export const REGION_MOVE = { branchId: 'JN-01', toRegionId: 'EAST', afterMonths: 12 } as const;
export const LATE_OPENING = { branchId: 'ZH-01', afterMonths: 6 } as const;

export interface ModelPlan {
  readonly model: string;
  /** List price incl. VAT, in the branch currency. */
  readonly listGross: number;
}

const CNY_MODELS: Readonly<Record<string, readonly ModelPlan[]>> = {
  Volkswagen: [
    { model: 'Lavida 1.5L', listGross: 115_000 },
    { model: 'Sagitar 300TSI', listGross: 150_000 },
    { model: 'Passat 330TSI', listGross: 205_000 },
    { model: 'Tiguan L 330TSI', listGross: 225_000 },
    { model: 'ID.4 CROZZ', listGross: 199_900 },
  ],
  Skoda: [
    { model: 'Octavia Pro 1.5T', listGross: 129_900 },
    { model: 'Kodiaq 330TSI', listGross: 219_900 },
  ],
  Audi: [
    { model: 'A4L 40 TFSI', listGross: 321_800 },
    { model: 'Q5L 45 TFSI', listGross: 418_800 },
    { model: 'A6L 45 TFSI', listGross: 459_800 },
  ],
  Toyota: [
    { model: 'Corolla 1.2T', listGross: 119_800 },
    { model: 'Camry 2.0G', listGross: 189_800 },
    { model: 'RAV4 2.0L', listGross: 199_800 },
    { model: 'bZ4X', listGross: 199_800 },
  ],
  Honda: [
    { model: 'Civic 240TURBO', listGross: 129_900 },
    { model: 'Accord 260TURBO', listGross: 179_800 },
    { model: 'CR-V 240TURBO', listGross: 189_900 },
  ],
  BYD: [
    { model: 'Qin PLUS DM-i', listGross: 99_800 },
    { model: 'Song PLUS DM-i', listGross: 159_800 },
    { model: 'Seal 06 DM-i', listGross: 139_800 },
    { model: 'Han EV', listGross: 229_800 },
  ],
  Buick: [
    { model: 'Excelle GT', listGross: 109_900 },
    { model: 'Regal 28T', listGross: 189_900 },
    { model: 'Envision Plus', listGross: 219_900 },
  ],
  'Mercedes-Benz': [
    { model: 'C 260 L', listGross: 335_000 },
    { model: 'GLC 300 L', listGross: 449_800 },
    { model: 'E 300 L', listGross: 479_900 },
  ],
  BMW: [
    { model: '325Li', listGross: 339_900 },
    { model: 'X3 xDrive30i', listGross: 429_900 },
    { model: '530Li', listGross: 489_900 },
  ],
};

const EUR_MODELS: Readonly<Record<string, readonly ModelPlan[]>> = {
  SEAT: [
    { model: 'Ibiza 1.0 TSI', listGross: 19_490 },
    { model: 'Arona 1.0 TSI', listGross: 23_390 },
    { model: 'León 1.5 TSI', listGross: 27_900 },
    { model: 'Ateca 1.5 TSI', listGross: 32_300 },
  ],
  CUPRA: [
    { model: 'Formentor 1.5 TSI', listGross: 37_990 },
    { model: 'Born 58 kWh', listGross: 41_950 },
  ],
  Volkswagen: [
    { model: 'Polo 1.0 TSI', listGross: 21_350 },
    { model: 'T-Roc 1.5 TSI', listGross: 29_990 },
    { model: 'Golf 1.5 eTSI', listGross: 31_200 },
    { model: 'Tiguan 1.5 eTSI', listGross: 38_900 },
  ],
  Toyota: [
    { model: 'Yaris 1.5 Hybrid', listGross: 21_900 },
    { model: 'Corolla 1.8 Hybrid', listGross: 28_450 },
    { model: 'C-HR 1.8 Hybrid', listGross: 31_900 },
    { model: 'RAV4 2.5 Hybrid', listGross: 39_900 },
  ],
};

export function modelsOf(branch: BranchPlan): ModelPlan[] {
  const table = branch.currency === 'EUR' ? EUR_MODELS : CNY_MODELS;
  return branch.brands.flatMap((brand) => table[brand] ?? []);
}

/**
 * Head office's model catalogue (ModelBrandAssigned, docs/adr/0030-brand-dimension.md): every new
 * model of the price lists with its brand, once. Used vehicles are named with their model year
 * ("Tiguan L (2019)") and are not in it: their brand shows as unassigned.
 */
export function modelBrands(): { readonly model: string; readonly brand: string }[] {
  const seen = new Map<string, string>();
  for (const table of [CNY_MODELS, EUR_MODELS])
    for (const [brand, models] of Object.entries(table)) for (const { model } of models) if (!seen.has(model)) seen.set(model, brand);
  return [...seen].map(([model, brand]) => ({ model, brand }));
}

/** World manufacturer identifiers by brand, for believable VINs. */
export const WMI: Readonly<Record<string, string>> = {
  Volkswagen: 'LSV',
  Skoda: 'LSV',
  Audi: 'LFV',
  Toyota: 'LVG',
  Honda: 'LHG',
  BYD: 'LGX',
  Buick: 'LSG',
  'Mercedes-Benz': 'LE4',
  BMW: 'LBV',
  SEAT: 'VSS',
  CUPRA: 'VSS',
};

/** VAT in basis points: China 13 %, Spain 21 %. */
export function vatOf(branch: BranchPlan): number {
  return branch.currency === 'EUR' ? 2100 : 1300;
}

/** Money of the catalogue is in CNY; a EUR branch divides by this. */
export const CNY_PER_EUR = 7.8;

export function localPrice(branch: BranchPlan, cny: number): number {
  return branch.currency === 'EUR' ? cny / CNY_PER_EUR : cny;
}

/** Labour rate per sold hour, net, in the branch currency. */
export function labourRate(branch: BranchPlan): number {
  return branch.currency === 'EUR' ? 62 : branch.brands.some((b) => ['Audi', 'Mercedes-Benz', 'BMW'].includes(b)) ? 420 : 300;
}

export type PartUse = 'maintenance' | 'repair' | 'body';

export interface PartPlan {
  readonly partNumber: string;
  readonly description: string;
  /** Net cost and net retail price per unit, in CNY. */
  readonly cost: number;
  readonly price: number;
  readonly use: PartUse;
}

export const PARTS: readonly PartPlan[] = [
  { partNumber: 'OIL-5W30-4L', description: 'Engine oil 5W-30, 4 L', cost: 210, price: 320, use: 'maintenance' },
  { partNumber: 'FLT-OIL-01', description: 'Oil filter', cost: 28, price: 55, use: 'maintenance' },
  { partNumber: 'FLT-AIR-01', description: 'Air filter', cost: 45, price: 90, use: 'maintenance' },
  { partNumber: 'FLT-CAB-01', description: 'Cabin air filter', cost: 40, price: 85, use: 'maintenance' },
  { partNumber: 'SPK-PLUG-04', description: 'Spark plugs (set of 4)', cost: 160, price: 280, use: 'maintenance' },
  { partNumber: 'WPR-BLADE-2', description: 'Wiper blades (pair)', cost: 60, price: 120, use: 'maintenance' },
  { partNumber: 'BRK-PAD-F', description: 'Brake pads, front axle', cost: 280, price: 480, use: 'repair' },
  { partNumber: 'BRK-DSC-F', description: 'Brake discs, front (pair)', cost: 520, price: 860, use: 'repair' },
  { partNumber: 'BAT-12V-70', description: 'Battery 12 V 70 Ah', cost: 520, price: 880, use: 'repair' },
  { partNumber: 'SHK-ABS-F', description: 'Shock absorber, front', cost: 430, price: 720, use: 'repair' },
  { partNumber: 'TIM-BELT-KIT', description: 'Timing belt kit', cost: 780, price: 1_280, use: 'repair' },
  { partNumber: 'CLT-G13-1L', description: 'Coolant G13, 1 L', cost: 35, price: 68, use: 'repair' },
  { partNumber: 'BMP-FRT-01', description: 'Front bumper cover', cost: 1_450, price: 2_380, use: 'body' },
  { partNumber: 'HDL-LED-L', description: 'LED headlamp, left', cost: 2_600, price: 4_200, use: 'body' },
  { partNumber: 'WSC-GLASS-01', description: 'Windscreen', cost: 1_150, price: 1_980, use: 'body' },
  { partNumber: 'MIR-EXT-R', description: 'Exterior mirror, right', cost: 620, price: 1_050, use: 'body' },
  { partNumber: 'PNT-BASE-1L', description: 'Base coat paint, 1 L', cost: 260, price: 430, use: 'body' },
];

export interface AccessoryPlan {
  readonly code: string;
  readonly description: string;
  readonly cost: number;
  readonly price: number;
}

export const ACCESSORIES: readonly AccessoryPlan[] = [
  { code: 'ACC-MATS', description: 'All-weather floor mats 全包围脚垫', cost: 280, price: 680 },
  { code: 'ACC-DASHCAM', description: 'Dash camera 行车记录仪', cost: 520, price: 1_180 },
  { code: 'ACC-FILM', description: 'Window film 隔热膜', cost: 900, price: 2_800 },
  { code: 'ACC-ROOFBOX', description: 'Roof box 车顶行李箱', cost: 1_600, price: 2_900 },
  { code: 'ACC-SEATCOVER', description: 'Seat covers 座套', cost: 380, price: 980 },
  { code: 'ACC-CHARGER', description: 'Home wall charger 家用充电桩', cost: 1_900, price: 3_600 },
];

/** Chinese New Year (Spring Festival) by year. */
const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
  2020: '2020-01-25',
  2021: '2021-02-12',
  2022: '2022-02-01',
  2023: '2023-01-22',
  2024: '2024-02-10',
  2025: '2025-01-29',
  2026: '2026-02-17',
  2027: '2027-02-06',
  2028: '2028-01-26',
  2029: '2029-02-13',
  2030: '2030-02-03',
};

export function springFestival(year: number): string {
  return SPRING_FESTIVAL[year] ?? `${year}-02-01`;
}

/** Month-of-year demand factors (index 0 = January), before the Spring Festival effect. */
const SALES_SEASON_CN = [0.95, 0.9, 1.0, 0.95, 1.0, 1.05, 0.9, 0.95, 1.05, 1.05, 1.1, 1.35];
const SALES_SEASON_ES = [0.85, 0.95, 1.05, 1.0, 1.05, 1.15, 1.1, 0.55, 0.95, 1.0, 1.0, 1.2];
const SERVICE_SEASON_CN = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.0, 0.9, 1.0, 1.05];
const SERVICE_SEASON_ES = [0.95, 0.95, 1.0, 1.0, 1.0, 1.05, 1.1, 0.7, 1.05, 1.0, 1.0, 0.95];

/**
 * Demand of a month relative to an average month. China: the Spring Festival month dips (sales
 * −35 %, service −30 %), the month before it sees a service rush, December has the year-end push.
 * Spain: August is holiday, December and June push.
 */
export function seasonality(branch: BranchPlan, month: string, stream: 'sales' | 'service'): number {
  const year = Number(month.slice(0, 4));
  const index = Number(month.slice(5, 7)) - 1;
  if (branch.currency === 'EUR') return (stream === 'sales' ? SALES_SEASON_ES : SERVICE_SEASON_ES)[index] ?? 1;
  let factor = (stream === 'sales' ? SALES_SEASON_CN : SERVICE_SEASON_CN)[index] ?? 1;
  const festivalMonth = springFestival(year).slice(0, 7);
  if (month === festivalMonth) factor *= stream === 'sales' ? 0.65 : 0.7;
  const beforeFestival = Number(festivalMonth.slice(5, 7)) === 2 ? `${year}-01` : `${year - 1}-12`;
  if (month === beforeFestival && stream === 'service') factor *= 1.15;
  return factor;
}

/** Monthly volumes of a medium branch at scale 1, per average month. */
export const BASE_VOLUMES = {
  newDeliveries: 70,
  usedDeliveries: 10,
  /** Leads per new delivery: about one lead in four turns into an order. */
  leadsPerDelivery: 4.2,
  intakes: 650,
  partsCounterSales: 45,
  accessoryCounterSales: 12,
  /** Month-end parts stock at cost, CNY, besides what the simulated receipts leave. */
  baseStockValue: 420_000,
} as const;
