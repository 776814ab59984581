import { KpiDefinition } from './kpi-definition';

const CSI_RULE =
  "A response's score is the weighted mean of its answers, each normalised to 0–100 on its own scale: (answer − min) ÷ (max − min) × 100. " +
  'A response belongs to the period of the event it refers to (the repair order close for service, the delivery for sales), whenever it arrives: a late survey restates that period. ' +
  'Kept separately per survey source (internal call, OEM survey, mystery shop).';

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
];
