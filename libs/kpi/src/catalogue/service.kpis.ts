import { KpiDefinition } from './kpi-definition';

const RO_RULE =
  "A repair order's labour, parts and sublet are recognised when it is closed (RepairOrderClosed), on the close's business date; " +
  'a reopen (RepairOrderReopened) reverses them on the reopen date, and closing again recognises the new totals on the new close date. ' +
  'Internal and PDI repair orders are excluded from every service KPI.';

/** The public worked example of DOMAIN.md (branch SH-01, January 2026) and the figures it gives. */
const WORKED =
  'DOMAIN.md worked example, SH-01 January 2026 (RO-1 1,000.00; RO-2 1,500.00 and RO-3 500.00 from intake V2; RO-4 internal PDI 200.00; RO-5 comeback of RO-1, 0.00, intake V3)';

export const SERVICE_KPIS: readonly KpiDefinition[] = [
  {
    id: 'service_revenue',
    area: 'service',
    labels: { 'zh-CN': '售后产值', es: 'Ingresos de posventa', en: 'Service revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ labour + parts + sublet, net of VAT, of repair orders closed in the period. Parts issued to a repair order count here, not in parts counter sales. ${RO_RULE}`,
    example: `${WORKED}: 1,000.00 + 1,500.00 + 500.00 + 0.00 = 3,000.00 (RO-4 excluded).`,
  },
  {
    id: 'service_labour_revenue',
    area: 'service',
    labels: {
      'zh-CN': '工时收入（机修/钣金/油漆）',
      es: 'Ingresos de mano de obra (mecánica/carrocería/pintura)',
      en: 'Labour revenue (mechanical/body/paint)',
    },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ labour net of repair orders closed in the period, split by labour category mechanical (机修), body (钣金) and paint (油漆). ${RO_RULE}`,
    example: 'RO-1 closes with 600.00 mechanical labour; RO-3 with 300.00 body and 200.00 paint: mechanical 600.00, body 300.00, paint 200.00.',
  },
  {
    id: 'service_parts_revenue',
    area: 'service',
    labels: { 'zh-CN': '维修配件收入', es: 'Ingresos de recambios en taller', en: 'Service parts revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ parts net issued to repair orders closed in the period (returns to stores subtracted). ${RO_RULE}`,
    example: 'RO-1 closes with parts 400.00 net: 400.00.',
  },
  {
    id: 'insurance_revenue',
    area: 'service',
    labels: { 'zh-CN': '事故车（保险）产值', es: 'Ingresos de siniestros (seguros)', en: 'Insurance repair revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Service revenue of repair orders of job type insurance. ${RO_RULE}`,
    example: `${WORKED}: RO-2 1,500.00.`,
  },
  {
    id: 'repair_and_warranty_revenue',
    area: 'service',
    labels: { 'zh-CN': '维修保养及索赔产值', es: 'Ingresos de reparación, mantenimiento y garantía', en: 'Repair, maintenance and warranty revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Service revenue of repair orders of job types maintenance, repair, body & paint and warranty (everything but insurance, internal and PDI). ${RO_RULE}`,
    example: `${WORKED}: RO-1 1,000.00 + RO-3 500.00 + RO-5 0.00 = 1,500.00.`,
  },
  {
    id: 'vehicle_intakes',
    area: 'service',
    labels: { 'zh-CN': '进厂台次', es: 'Entradas de vehículos', en: 'Vehicle intakes' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Number of distinct intake visits behind the repair orders closed in the period (excluding internal and PDI). One visit split into several repair orders (mechanical + body) counts once; per day it is the same count per business date.',
    example: `${WORKED}: V1, V2, V3 = 3 intakes.`,
  },
  {
    id: 'per_vehicle_yield',
    area: 'service',
    labels: { 'zh-CN': '单车产值', es: 'Ingreso por vehículo', en: 'Per-vehicle yield' },
    unit: 'money_per_unit',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Service revenue of the repair orders closed in the period ÷ vehicle intakes behind those same repair orders. Also per segment (insurance vs customer repair, maintenance and warranty), numerator and denominator from the same segment.',
    numerator: 'service revenue of repair orders closed in the period',
    denominator: 'distinct intake visits behind those repair orders',
    example: `${WORKED}: 3,000.00 ÷ 3 = 1,000.00 per vehicle. The source plan targets ¥800 for repair and ¥1,800 for insurance work.`,
  },
  {
    id: 'rework_rate',
    area: 'service',
    labels: { 'zh-CN': '返修率', es: 'Tasa de retrabajo', en: 'Rework (comeback) rate' },
    unit: 'percent',
    higherIsBetter: false,
    rollUp: 'ratio',
    formula:
      "Repair orders closed in the period for which a comeback repair order (same fault, linked to the original) was opened within W days after the original's close (W = 30 by default, a head-office setting) ÷ repair orders closed in the period. The comeback is charged to the original repair order's branch, technician and period. Internal and PDI excluded.",
    numerator: 'repair orders closed in the period with a comeback opened within W days of their close',
    denominator: 'repair orders closed in the period',
    provisional: 'A period is provisional until W days after its last day: comebacks may still arrive.',
    example: `${WORKED}: 1 (RO-1) ÷ 4 closed (RO-1, 2, 3, 5) = 25.0 %, provisional until 2 March 2026.`,
  },
  {
    id: 'hours_sold',
    area: 'service',
    labels: { 'zh-CN': '售出工时', es: 'Horas vendidas', en: 'Hours sold' },
    unit: 'hours',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ sold hours of the labour lines of repair orders closed in the period. ${RO_RULE}`,
    example: 'RO-1 sells 2.0 h mechanical and RO-3 3.5 h body: 5.5 hours sold.',
  },
  {
    id: 'effective_labour_rate',
    area: 'service',
    labels: { 'zh-CN': '有效工时单价', es: 'Precio efectivo por hora', en: 'Effective labour rate' },
    unit: 'money_per_hour',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Labour revenue ÷ hours sold, of the same repair orders closed in the period.',
    numerator: 'labour revenue net',
    denominator: 'hours sold',
    example: '1,100.00 labour over 5.5 hours sold: 200.00 per hour.',
  },
  {
    id: 'technician_efficiency',
    area: 'service',
    labels: { 'zh-CN': '技师效率', es: 'Eficiencia de técnicos', en: 'Technician efficiency' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Hours sold ÷ hours clocked, of the labour lines of repair orders closed in the period, per technician and summed for teams.',
    numerator: 'hours sold',
    denominator: 'hours clocked',
    example: '5.5 hours sold against 5.0 clocked: 110.0 %.',
  },
  {
    id: 'hours_per_repair_order',
    area: 'service',
    labels: { 'zh-CN': '单工单工时', es: 'Horas por orden de reparación', en: 'Hours per repair order' },
    unit: 'hours',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Sold hours of the customer, insurance and warranty repair orders closed in the period ÷ those repair orders (internal and PDI repair orders are in neither). ' +
      'A repair order counts once in the period of its close, with the sold hours of that close; one closed, reopened and closed again within the period counts once with the hours of its last close; ' +
      'one reopened in a later period still counts in the period of its first close (as the rework base does). Recomputed at the period asked, never a mean of months.',
    numerator: 'sold hours of the repair orders closed in the period',
    denominator: 'repair orders closed in the period (internal and PDI excluded)',
    example:
      'March: RO-A 3.00 h (customer), RO-B 2.50 h (insurance), RO-C 0.00 h (warranty, parts only) and a PDI RO of 1.00 h: (3.00 + 2.50 + 0.00) ÷ 3 = 1.83 hours per repair order.',
  },
  {
    id: 'appointment_share',
    area: 'service',
    labels: { 'zh-CN': '预约率', es: 'Tasa de cita previa', en: 'Appointment share' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Repair orders opened in the period (RepairOrderOpened, on the business date of the opening) that name an appointment (appointmentId) ÷ repair orders opened in the period. ' +
      'Internal and PDI repair orders are in neither part. Each RO counts, so two ROs split from one intake visit under one appointment count twice in both parts. ' +
      'Whether the RO is later closed, reopened or cancelled does not matter; an appointment that never turned into an RO counts nowhere.',
    numerator: 'repair orders opened in the period with an appointment',
    denominator: 'repair orders opened in the period (internal and PDI excluded)',
    example: 'April: 5 ROs opened, 3 of them under an appointment, plus a PDI RO under an appointment: 3 ÷ 5 = 60.00 %.',
  },
  {
    id: 'warranty_approval_rate',
    area: 'service',
    labels: { 'zh-CN': '索赔通过率', es: 'Tasa de aprobación de garantías', en: 'Warranty approval rate' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Warranty claims decided in the period as approved or partially approved ÷ warranty claims decided in the period.',
    numerator: 'claims decided approved or partially approved',
    denominator: 'claims decided',
    example: 'Ten claims decided in January: 7 approved, 1 partially approved, 2 rejected: 80.0 %.',
  },
  {
    id: 'follow_up_within_3_working_days',
    area: 'customer',
    labels: { 'zh-CN': '3个工作日内回访率', es: 'Seguimiento en 3 días laborables', en: 'Follow-up within 3 working days' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      "Repair orders closed in the period with a follow-up call that reached the customer within 3 working days of the close (the branch's holiday calendar and extra working days decide which days count; the number of days is a head-office setting) ÷ repair orders closed in the period (internal and PDI excluded).",
    numerator: 'closed repair orders reached by a follow-up call within 3 working days',
    denominator: 'repair orders closed in the period',
    provisional: 'The last 3 working days of a period are provisional until they have passed.',
    example:
      'A repair order closed on Friday 13 Feb 2026, with branch holidays on Monday 16 and Tuesday 17 Feb: the 3 working days are 18, 19 and 20 Feb, so a call on Friday 20 Feb counts and one on Monday 23 Feb does not.',
  },
];
