import { KpiDefinition } from './kpi-definition';

const CSI_RULE =
  "A response's score is the weighted mean of its answers, each normalised to 0–100 on its own scale: (answer − min) ÷ (max − min) × 100. " +
  'A response belongs to the period of the event it refers to (the repair order close for service, the delivery for sales), whenever it arrives: a late survey restates that period. ' +
  'Kept separately per survey source (internal call, OEM survey, mystery shop).';

const CONTACT_RULE =
  'A customer contact is a vehicle delivered to an identified customer (VehicleDelivered naming the customer; a later return does not undo it: the customer was served) ' +
  'or a repair order closed for an identified customer (the customer named when it was opened), internal and PDI repair orders left out (the service-segment rule); ' +
  'a close reopened and not closed again within the same window does not count, and the RO counts on its latest close date in the window. ' +
  'Customers are counted once each (distinct customer ids) at every level: a customer served by two branches counts once for their region and for the group, never the sum of the branches; ' +
  "a contact belongs to the region its branch belonged to on the contact's business date. Grains: month, quarter and year.";

export const CUSTOMER_KPIS: readonly KpiDefinition[] = [
  {
    id: 'csi_service',
    area: 'customer',
    labels: { 'zh-CN': '售后客户满意度', es: 'Satisfacción del cliente (posventa)', en: 'Service CSI' },
    unit: 'score',
    higherIsBetter: true,
    rollUp: 'mean',
    formula: `Mean response score of service surveys whose repair order closed in the period; surveys about internal and PDI repair orders are left out. ${CSI_RULE}`,
    numerator: 'Σ response scores',
    denominator: 'number of responses',
    provisional: 'Surveys arrive weeks after the close: a period is provisional until 60 days after its last day, and restated as surveys land.',
    example:
      'DOMAIN.md worked example: RO-1 answered 8 on 0–10 (weight 1) → 80.0; RO-2 (arrives 9 Feb) answered 5 on 1–5 (weight 2) and 3 on 1–5 (weight 1) → (100×2 + 50×1) ÷ 3 = 83.33. January CSI 80.0 before 9 Feb, 81.67 after.',
  },
  {
    id: 'csi_sales',
    area: 'customer',
    labels: { 'zh-CN': '销售客户满意度', es: 'Satisfacción del cliente (ventas)', en: 'Sales CSI' },
    unit: 'score',
    higherIsBetter: true,
    rollUp: 'mean',
    formula: `Mean response score of sales surveys whose delivery falls in the period. ${CSI_RULE}`,
    numerator: 'Σ response scores',
    denominator: 'number of responses',
    provisional: 'Surveys arrive weeks after the delivery: a period is provisional until 60 days after its last day, and restated as surveys land.',
    example: 'Two January deliveries answered 90.0 and 70.0: 80.0.',
  },
  {
    id: 'csi_response_rate',
    area: 'customer',
    labels: { 'zh-CN': '满意度调查回复率', es: 'Tasa de respuesta de encuestas', en: 'Survey response rate' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Responses referring to the period ÷ repair orders closed (service; internal and PDI excluded) or vehicles delivered (sales) in the period.',
    numerator: 'survey responses referring to the period',
    denominator: 'closed repair orders (service) or deliveries (sales) of the period',
    provisional: "Rises as late surveys land: provisional until 60 days after the period's last day.",
    example: 'DOMAIN.md worked example, after 9 Feb: 2 responses ÷ 4 closed repair orders = 50.0 %.',
  },
  {
    id: 'csi_top_box',
    area: 'customer',
    labels: { 'zh-CN': '极满意比例', es: 'Porcentaje de máxima satisfacción', en: 'Top-box share' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Responses whose overall answer is the top of its scale (answer = max) ÷ responses, same set as the CSI.',
    numerator: 'responses with the overall answer at the top of its scale',
    denominator: 'responses',
    example: 'DOMAIN.md worked example, after 9 Feb: RO-2 overall 5 on 1–5 is top box, RO-1 8 on 0–10 is not: 50.0 %.',
  },
  {
    id: 'complaints',
    area: 'customer',
    labels: { 'zh-CN': '投诉数', es: 'Quejas', en: 'Complaints' },
    unit: 'count',
    higherIsBetter: false,
    rollUp: 'sum',
    formula: 'Number of ComplaintLogged events in the period.',
    example: 'Two complaints logged in January: 2.',
  },
  {
    id: 'complaint_resolution_days',
    area: 'customer',
    labels: { 'zh-CN': '投诉平均解决天数', es: 'Días medios de resolución de quejas', en: 'Complaint resolution time' },
    unit: 'days',
    higherIsBetter: false,
    rollUp: 'mean',
    formula: 'Mean of (resolved − logged) in days, with fractions, over complaints resolved in the period: Σ seconds ÷ complaints ÷ 86,400.',
    numerator: 'Σ seconds from logging to resolution (exact per complaint, so the facts add up to it)',
    denominator: 'complaints resolved in the period',
    valueDivisor: '86400',
    example: 'Resolved after 1.5 and 4.5 days: 3.0 days.',
  },
  {
    id: 'active_customer_base',
    area: 'customer',
    labels: { 'zh-CN': '有效客户数（12个月）', es: 'Base de clientes activos (12 meses)', en: 'Active customer base (12 months)' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'snapshot',
    formula: `Distinct customers with at least one contact in the 12 months up to the date: business dates from the date + 1 day − 12 months to the date. The date is the last day of the period (the last day asked, when the range ends earlier): a month's figure is the base at its month end, a quarter's or a year's at its last day, never a sum over months or branches. ${CONTACT_RULE}`,
    example:
      'Base at 31 January 2026 (window 1 February 2025 – 31 January 2026). SH-01: C1 (RO closed 10 January), C2 (delivery 5 January), C4 (RO closed 1 February 2025, the first day of the window) → 3; C5 (RO closed 31 January 2025, one day outside) and an internal RO for C6 do not count. HZ-01: C2 (RO closed 20 January) and C3 (delivery 15 December 2025) → 2. Region East and the group: C1, C2, C3, C4 → 4, not 3 + 2.',
  },
  {
    id: 'customer_retention',
    area: 'customer',
    labels: { 'zh-CN': '客户保有率', es: 'Retención de clientes', en: 'Customer retention' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: `Customers active at the start of the period (a contact in the 12 months before its first day: from the first day − 12 months to the day before) who had another contact during the period (its first to its last day) ÷ customers active at the start. A period cut by the range asked starts and ends with the range. Both sets are distinct customers of the unit: a customer active at the start at one branch who comes back to another counts as retained for their region and the group, not for either branch. ${CONTACT_RULE}`,
    numerator: 'customers active at the start of the period with a contact during it',
    denominator: 'customers active at the start of the period (a contact in the 12 months before its first day)',
    example:
      'February 2026 at SH-01: active at 31 January are C1, C2 and C4 (see the active customer base); C1 has an RO closed on 12 February, C2 and C4 have no contact in February → 1 ÷ 3 = 33.33 %. At HZ-01 C2 and C3 were active; C2 took a delivery on 20 February → 1 ÷ 2 = 50.00 %. Group: C2 counts once in both sets → 2 (C1, C2) ÷ 4 = 50.00 %. C7, first served in February, is in neither set.',
  },
  {
    id: 'visit_frequency',
    area: 'customer',
    labels: { 'zh-CN': '客户回厂频次', es: 'Frecuencia de visitas al taller', en: 'Visit frequency' },
    unit: 'per_customer',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: `Repair orders closed for identified customers in the 12 months up to the date (internal and PDI left out; each RO once) ÷ the active customer base at the date (customers with a delivery or a closed RO in those 12 months), both distinct at the unit asked. The date is the last day of the period, as for the active customer base: a value at each period end, never a sum over months. ${CONTACT_RULE}`,
    numerator: 'repair orders closed for identified customers in the 12 months up to the date',
    denominator: 'active customer base at the date',
    example:
      'At 31 January 2026, SH-01: ROs of C1 (10 January) and C4 (1 February 2025) → 2 ÷ 3 customers = 0.67. HZ-01: the RO of C2 → 1 ÷ 2 = 0.50. Group: 3 ROs ÷ 4 customers = 0.75.',
  },
];
