import { KpiDefinition } from './kpi-definition';

export const PARTS_KPIS: readonly KpiDefinition[] = [
  {
    id: 'parts_counter_sales',
    area: 'parts',
    labels: { 'zh-CN': '配件销售额', es: 'Ventas de recambios (mostrador)', en: 'Parts counter sales' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Σ net of PartsSold (retail, quick-repair shops, other dealers) − Σ net of customer returns (PartsReturned from customers), each on its own business date. Parts issued to repair orders are service revenue, not counted here; inter-branch transfers are not revenue.',
    example: 'Counter sales 5,000.00 in March, a 300.00 customer return in April: March 5,000.00, April −300.00.',
  },
  {
    id: 'parts_margin',
    area: 'parts',
    labels: { 'zh-CN': '配件毛利率', es: 'Margen de recambios', en: 'Parts margin' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: '(Parts counter sales net − their cost net) ÷ parts counter sales net, returns included with their reversed amounts and cost.',
    numerator: 'parts counter sales net − cost net',
    denominator: 'parts counter sales net',
    example: 'Sales 5,000.00 at a cost of 3,500.00: 30.0 %.',
  },
  {
    id: 'parts_fill_rate',
    area: 'parts',
    labels: { 'zh-CN': '配件满足率', es: 'Tasa de servicio de recambios', en: 'Parts fill rate' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Request lines served in full from stock at the first request ÷ request lines, on the business date of the request. ' +
      'A request line is a counter sale line (PartsSold), a part issued to a repair order (PartsIssuedToRepairOrder with a positive quantity) or a back-order (PartsBackOrdered: a request the stores could not serve in full at once, counter or workshop). ' +
      'Sale lines and issues served at once count in both parts; a back-order counts in the denominator only, even when part of the quantity was handed over at once. ' +
      'The later delivery of a back-ordered part (a sale line or issue naming the back-order) is not a request of its own; returns to stores are no requests.',
    numerator: 'request lines served in full from stock at the first request',
    denominator: 'request lines (counter sale lines, parts issued to repair orders, back-orders)',
    example:
      'May: 40 counter sale lines and 55 parts issued to ROs served at once, 5 back-orders (one of 4 pads with 2 handed over at once); the 5 back-ordered parts sold or issued when they came in count nowhere: 95 ÷ 100 = 95.00 %.',
  },
  {
    id: 'genuine_parts_purchases',
    area: 'parts',
    labels: { 'zh-CN': '原厂件采购额', es: 'Compras de recambio original', en: 'Genuine parts purchases' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Σ cost net of PartsReceived flagged genuine − Σ cost net of genuine parts returned to suppliers, on their business dates.',
    example: 'Received genuine parts for 20,000.00 and non-genuine for 3,000.00: 20,000.00.',
  },
  {
    id: 'accessory_sales',
    area: 'parts',
    labels: { 'zh-CN': '精品销售额', es: 'Ventas de accesorios', en: 'Accessory sales' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Σ net of AccessorySold on the business date of the sale; accessories sold with a vehicle count here, not in vehicle revenue.',
    example: 'Floor mats 800.00 and a dash camera 1,200.00 in January: 2,000.00.',
  },
  {
    id: 'stock_value',
    area: 'parts',
    labels: { 'zh-CN': '月末库存金额', es: 'Valor del stock a fin de mes', en: 'Month-end stock value' },
    unit: 'money',
    higherIsBetter: false,
    rollUp: 'snapshot',
    formula:
      "The value of the month's StockSnapshotTaken. A state, not a flow: branches add up, months do not — a quarter or a year shows its last month's snapshot.",
    example: 'Snapshots 410,000.00 (Jan), 395,000.00 (Feb), 402,000.00 (Mar): Q1 402,000.00, not 1,207,000.00.',
  },
  {
    id: 'aged_stock_value',
    area: 'parts',
    labels: { 'zh-CN': '呆滞库存金额（180天以上）', es: 'Stock envejecido (más de 180 días)', en: 'Aged stock (over 180 days)' },
    unit: 'money',
    higherIsBetter: false,
    rollUp: 'snapshot',
    formula: "Value of the month-end snapshot's age buckets 181–365 days and over 365 days. A state: like stock value, never summed over months.",
    example: 'Buckets 0–90: 300,000.00, 91–180: 60,000.00, 181–365: 30,000.00, >365: 12,000.00: aged stock 42,000.00.',
  },
];
