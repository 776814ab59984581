import { KpiDefinition } from './kpi-definition';

const DELIVERY_RULE =
  'Vehicles are recognised at delivery (VehicleDelivered), on the business date of the delivery in the branch calendar; ' +
  'a return (VehicleReturned) is a negative entry on the business date of the return, never a rewrite of the delivery month.';

export const SALES_KPIS: readonly KpiDefinition[] = [
  {
    id: 'revenue',
    area: 'sales',
    labels: { 'zh-CN': '销售额 / 产值', es: 'Ingresos', en: 'Revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Σ net of VAT over the revenue streams: new vehicles, used vehicles, service labour, service parts, service sublet, parts counter sales, accessories. ' +
      "Each stream follows its own recognition rule (see its KPI). Collections, orders and inter-branch transfers are never revenue; the buyer's purchase tax is not dealer revenue.",
    example: 'A branch delivers a new car for 100,000.00 net and closes repair orders worth 3,000.00 net in January: revenue 103,000.00.',
  },
  {
    id: 'revenue_new_vehicles',
    area: 'sales',
    labels: { 'zh-CN': '新车销售额', es: 'Ingresos de vehículos nuevos', en: 'New vehicle revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ invoice net of new vehicles delivered − Σ invoice net reversed by returns of new vehicles. ${DELIVERY_RULE}`,
    example: 'Delivered 5 Jan 100,000.00 and 20 Jan 120,000.00; the 5 Jan car returned on 2 Feb: January 220,000.00, February −100,000.00.',
  },
  {
    id: 'revenue_used_vehicles',
    area: 'sales',
    labels: { 'zh-CN': '二手车销售额', es: 'Ingresos de vehículos de ocasión', en: 'Used vehicle revenue' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: `Σ invoice net of used vehicles delivered − Σ invoice net reversed by returns of used vehicles. ${DELIVERY_RULE}`,
    example: 'One used car delivered at 00:30 on 1 Feb in Shanghai for 88,495.58 net books in February (midnight cut-off): February 88,495.58.',
  },
  {
    id: 'units_delivered',
    area: 'sales',
    labels: { 'zh-CN': '交车台数', es: 'Unidades entregadas', en: 'Units delivered' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Number of VehicleDelivered events with a business date in the period (returns are counted separately, not subtracted).',
    example: 'Three deliveries in January, one of them returned in February: January 3, February 0.',
  },
  {
    id: 'units_returned',
    area: 'sales',
    labels: { 'zh-CN': '退车台数', es: 'Unidades devueltas', en: 'Units returned' },
    unit: 'count',
    higherIsBetter: false,
    rollUp: 'sum',
    formula: 'Number of VehicleReturned events with a business date in the period.',
    example: 'A January delivery returned on 2 Feb: February 1.',
  },
  {
    id: 'vehicle_returns_amount',
    area: 'sales',
    labels: { 'zh-CN': '退货额', es: 'Importe de devoluciones', en: 'Vehicle returns' },
    unit: 'money',
    higherIsBetter: false,
    rollUp: 'sum',
    formula: 'Σ invoice net reversed by VehicleReturned in the period, shown as a positive amount on its own line.',
    example: 'A 100,000.00 car returned on 2 Feb: February returns 100,000.00 (and new vehicle revenue −100,000.00).',
  },
  {
    id: 'vehicle_gross_profit',
    area: 'sales',
    labels: { 'zh-CN': '整车毛利', es: 'Beneficio bruto de vehículos', en: 'Vehicle gross profit' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Σ (invoice net − cost net) of deliveries − Σ (invoice net − cost net) reversed by returns, both excluding tax. ' + DELIVERY_RULE,
    example: 'Invoice 100,000.00 net, cost 92,000.00 net: gross profit 8,000.00.',
  },
  {
    id: 'vehicle_gross_margin',
    area: 'sales',
    labels: { 'zh-CN': '整车毛利率', es: 'Margen bruto de vehículos', en: 'Vehicle gross margin' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula: 'Vehicle gross profit ÷ vehicle revenue (new + used) of the same deliveries and returns.',
    numerator: 'vehicle gross profit',
    denominator: 'vehicle revenue, net',
    example: 'Branch A 8,000 ÷ 100,000, branch B 2,000 ÷ 50,000: region margin 10,000 ÷ 150,000 = 6.67 %, not the mean of 8 % and 4 %.',
  },
  {
    id: 'gross_profit_per_new_vehicle',
    area: 'sales',
    labels: { 'zh-CN': '新车单车毛利', es: 'Beneficio bruto por vehículo nuevo vendido', en: 'Gross profit per new vehicle retailed' },
    unit: 'money_per_unit',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Vehicle gross profit of the new vehicles (Σ invoice net − cost net of deliveries, less the invoice net − cost net reversed by their returns, both excluding tax) ÷ new units delivered net of returns (deliveries − returns), of the same period. ' +
      'New and used are never mixed: each has its own KPI. ' +
      DELIVERY_RULE,
    numerator: 'gross profit of the new vehicles delivered, net of returns',
    denominator: 'new vehicles delivered − new vehicles returned',
    example:
      'January: new cars delivered at 100,000.00 net (cost 92,000.00), 120,000.00 (cost 111,000.00) and 90,000.00 (cost 85,500.00); the first is returned on 20 January: (9,000.00 + 4,500.00) ÷ (3 − 1) = 6,750.00 per new vehicle. A used car in the same month is in the used KPI only.',
  },
  {
    id: 'gross_profit_per_used_vehicle',
    area: 'sales',
    labels: { 'zh-CN': '二手车单车毛利', es: 'Beneficio bruto por vehículo de ocasión vendido', en: 'Gross profit per used vehicle retailed' },
    unit: 'money_per_unit',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Vehicle gross profit of the used vehicles (Σ invoice net − cost net of deliveries, less the invoice net − cost net reversed by their returns, both excluding tax) ÷ used units delivered net of returns (deliveries − returns), of the same period. ' +
      'New and used are never mixed: each has its own KPI. ' +
      DELIVERY_RULE,
    numerator: 'gross profit of the used vehicles delivered, net of returns',
    denominator: 'used vehicles delivered − used vehicles returned',
    example:
      'January: used cars delivered at 60,000.00 net (cost 55,000.00) and 45,000.00 (cost 44,000.00): (5,000.00 + 1,000.00) ÷ 2 = 3,000.00 per used vehicle; the new cars of the month are not in it.',
  },
  {
    id: 'collections',
    area: 'sales',
    labels: { 'zh-CN': '回款', es: 'Cobros', en: 'Collections' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Σ PaymentReceived gross amounts (deposit, balance, loan) − Σ refunds, on the business date of the payment. Never revenue.',
    example: 'Deposit 10,000.00 on 3 Jan, balance 103,000.00 on 20 Jan, refund 2,000.00 on 25 Jan: January collections 111,000.00.',
  },
  {
    id: 'leads',
    area: 'sales',
    labels: { 'zh-CN': '线索数', es: 'Oportunidades', en: 'Leads' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Number of LeadCreated events in the period, by source (walk-in, phone, online, referral) and customer segment.',
    example: 'Twelve walk-ins and eight phone leads in January: 20 leads.',
  },
  {
    id: 'referral_leads',
    area: 'sales',
    labels: { 'zh-CN': '转介绍线索数', es: 'Oportunidades por recomendación', en: 'Referral leads' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Number of LeadCreated events in the period with source referral (on the business date of the lead), the same leads the lead count shows under that source; by the referrer dimension, per customer the lead names as its referrer (LeadCreated v2; empty when not recorded).',
    example: 'January: 12 walk-ins, 8 phone leads and 3 referrals: 3 referral leads.',
  },
  {
    id: 'referral_sales',
    area: 'sales',
    labels: { 'zh-CN': '转介绍成交额', es: 'Ventas por recomendación', en: 'Referral sales' },
    unit: 'money',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Σ invoice net of the vehicles (new and used) delivered in the period − Σ invoice net reversed by their returns in the period, of the vehicle sales whose order (the latest OrderSigned of the sale) names a lead with source referral, whenever the lead was created. ' +
      'A sale without an order, or whose order names no lead or a lead of another source, is not a referral sale. Credited to the consultant of the order and, by the referrer dimension, to the customer the lead names as its referrer (LeadCreated v2; empty when not recorded). ' +
      DELIVERY_RULE,
    example:
      "A December referral lead ordered in January and delivered on 20 January at 150,000.00 net, a walk-in lead's car delivered the same day at 100,000.00: January referral sales 150,000.00; returned on 3 February: February −150,000.00.",
  },
  {
    id: 'test_drives',
    area: 'sales',
    labels: { 'zh-CN': '试驾数', es: 'Pruebas de conducción', en: 'Test drives' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Number of TestDriveCompleted events in the period.',
    example: 'Nine test drives in January: 9.',
  },
  {
    id: 'orders_signed',
    area: 'sales',
    labels: { 'zh-CN': '订单数', es: 'Pedidos firmados', en: 'Orders signed' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula: 'Number of OrderSigned events in the period. Orders are never revenue.',
    example: 'Seven orders signed in January: 7.',
  },
  {
    id: 'lead_to_order_conversion',
    area: 'sales',
    labels: { 'zh-CN': '线索转化率', es: 'Conversión de oportunidades en pedidos', en: 'Lead-to-order conversion' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      'Leads created in the period that have at least one order signed in the same period (same branch, the order names the lead) ÷ leads created in the period. A lead counts once however many orders it has; a later cancellation does not undo it; orders without a lead do not count. Recomputed at the period asked: a lead of 31 January ordered on 2 February converts in Q1, not in January.',
    numerator: 'leads created in the period with an order signed in the same period',
    denominator: 'leads created in the period',
    example:
      'January: 3 leads, 1 ordered in January; February: 1 lead, ordered in February; a January lead ordered in March: January 33.3 %, February 100.0 %, Q1 3 ÷ 4 = 75.0 %.',
  },
  {
    id: 'order_cancellations',
    area: 'sales',
    labels: { 'zh-CN': '订单取消数', es: 'Pedidos cancelados', en: 'Order cancellations' },
    unit: 'count',
    higherIsBetter: false,
    rollUp: 'sum',
    formula: "Number of OrderCancelled events in the period (on the cancellation's business date).",
    example: 'One January order cancelled on 4 Feb: February 1.',
  },
  {
    id: 'discount_rate',
    area: 'sales',
    labels: { 'zh-CN': '折扣率', es: 'Tasa de descuento', en: 'Discount rate' },
    unit: 'percent',
    higherIsBetter: false,
    rollUp: 'ratio',
    formula:
      'Σ (list price − transaction price) ÷ Σ list price, both net of tax as the order states them, of the orders signed in the period (OrderSigned, on the business date of the signing). ' +
      'A later cancellation does not take an order out; an order above list price is a negative discount and counts as such. ' +
      "Recomputed from the sums at every level and period, never a mean of the orders' or the branches' rates. " +
      'Orders projected before the list price was kept (migration 0014) count in neither part until the projections are rebuilt.',
    numerator: 'Σ (list − transaction price) of the orders signed in the period',
    denominator: 'Σ list price of the same orders',
    example:
      'February: list 120,000.00 sold at 110,000.00, list 200,000.00 sold at 190,000.00 (cancelled on 20 February), list 80,000.00 sold at 80,000.00: (10,000.00 + 10,000.00 + 0.00) ÷ 400,000.00 = 5.00 %.',
  },
  {
    id: 'sales_calls',
    area: 'sales',
    labels: { 'zh-CN': '销售电话数', es: 'Llamadas comerciales', en: 'Sales calls logged' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Number of calls logged (SalesActivityLogged of kind call) on their business date, by any consultant of the branch; by consultant, each consultant their own. ' +
      'A call logged twice under one activity id counts once.',
    example: 'February at SH-01: E-1 logs 15 calls (5 of them on a Saturday), E-2 4, a service advisor 1: 20.',
  },
  {
    id: 'sales_visits',
    area: 'sales',
    labels: { 'zh-CN': '销售拜访数', es: 'Visitas comerciales', en: 'Sales visits logged' },
    unit: 'count',
    higherIsBetter: true,
    rollUp: 'sum',
    formula:
      'Number of visits logged (SalesActivityLogged of kind visit: to or from a prospect or customer) on their business date; by consultant, each consultant their own.',
    example: 'February at SH-01: E-1 logs 3 visits, E-2 1: 4.',
  },
  {
    id: 'sales_call_quota_attainment',
    area: 'sales',
    labels: { 'zh-CN': '销售电话任务完成率', es: 'Cumplimiento de la cuota de llamadas', en: 'Call quota attainment' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      "Calls logged by the branch's sales consultants ÷ their call quota in the period. " +
      'Numerator: calls (SalesActivityLogged of kind call) on their business date whose consultant was assigned to the branch as a sales consultant on that date (EmployeeAssigned in force), on any day, working or not. ' +
      'Denominator: Σ over every (consultant, working day of the branch in the period) on which the consultant was assigned to the branch as a sales consultant of the KPI setting sales_calls_per_day in force on that day (default 30). ' +
      "A working day is one of the branch's calendar: the first calendar with an entry for the date, branch → its region on the date → group, decides; without one, Monday to Friday; only days from the branch's opening to its closing day. " +
      "Recomputed from the summed calls and quota at every level and period: a region's attainment is Σ calls ÷ Σ quota of its branches (region as of each day), never a mean of rates; by consultant, each consultant's own calls ÷ own quota.",
    numerator: "calls logged by consultants assigned to the branch as sales consultants on the call's business date",
    denominator: 'Σ over (consultant, working day) of the sales_calls_per_day setting in force on the day',
    example:
      'February 2026 at SH-01 (holidays 16 and 17 February; 25 calls a day from 23 February): E-1, a consultant all month, has 13 working days at 30 and 5 at 25 = 515; E-2, from 16 February, 3 × 30 + 5 × 25 = 215. ' +
      "E-1's 15 calls and E-2's 4 (a service advisor's call is not counted): 19 ÷ 730 = 2.60 %.",
  },
  {
    id: 'sales_visit_quota_attainment',
    area: 'sales',
    labels: { 'zh-CN': '销售拜访任务完成率', es: 'Cumplimiento de la cuota de visitas', en: 'Visit quota attainment' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      "Visits logged by the branch's sales consultants ÷ their visit quota in the period. " +
      'Numerator: visits (SalesActivityLogged of kind visit) on their business date whose consultant was assigned to the branch as a sales consultant on that date, on any day. ' +
      "Denominator: Σ over every (consultant, branch, week Monday to Sunday) of the KPI setting sales_visits_per_week in force on the week's Monday (default 20) × the consultant's working days of that week that fall in the period and on which the consultant was assigned to the branch as a sales consultant ÷ the branch's working days of the whole week (working days as for the call quota), each piece (the days of one consultant's week that fall in one bucket of the report: day, week, month…) truncated to 4 decimals. " +
      'A full week of a consultant gives the weekly quota; a period that cuts a week, or an assignment that starts or ends within it, gets the share of its working days; a week without working days has no quota. ' +
      "Recomputed from the summed visits and quota at every level and period, never a mean of rates; by consultant, each consultant's own visits ÷ own quota.",
    numerator: "visits logged by consultants assigned to the branch as sales consultants on the visit's business date",
    denominator:
      "Σ over (consultant, week) of sales_visits_per_week in force on the week's Monday × the consultant's working days of the week in the period ÷ the branch's working days of the week",
    example:
      "February 2026 at SH-01 (holidays 16 and 17 February; 10 visits a week from 23 February): E-1 has three full weeks at 20 (the week of 16 February has 3 working days, all of them E-1's) and one at 10 = 70; E-2, from 16 February, 20 + 10 = 30. " +
      '4 visits ÷ 100 = 4.00 %. In March a week cut by the month end (Monday 30 and Tuesday 31 of 5 working days) counts 10 × 2 ÷ 5 = 4.',
  },
  {
    id: 'market_share',
    area: 'sales',
    labels: { 'zh-CN': '市场占有率', es: 'Cuota de mercado', en: 'Market share' },
    unit: 'percent',
    higherIsBetter: true,
    rollUp: 'ratio',
    formula:
      "Own new-vehicle registrations ÷ the market's registrations, over the cells (market area × market segment × month) head office imported a market figure for (MarketRegistrationsImported; the latest version, as closed the one recorded before the month's close). " +
      "A market area is a branch's territory; a cell's own registrations are the deliveries of new vehicles credited to the branch, of the models the import lists for the segment, with a business date in the month, net of returns (a return of such a vehicle is −1 on the business date of the return, as in gross profit per new vehicle retailed). " +
      "A delivery is credited to the branch whose territory holds the customer's area on its business date (head office's territory map, TerritoryAssigned), whichever branch sold it; a delivery naming no area, or an area on no map or owned by no branch then, is credited to the selling branch; a return follows its delivery's area. " +
      'Used vehicles never count. A cell without an imported market figure has no share and its deliveries count nowhere (never estimated). ' +
      "A region's, the group's, a quarter's or a year's share is Σ own registrations ÷ Σ market registrations of the cells inside it, never a mean of shares; month grain and above only.",
    numerator: 'new vehicles delivered net of returns in the cells with a market figure',
    denominator: "the market's registrations imported for the same cells",
    example:
      'January: SH-01 suv_b (Tiguan L, Tayron) market 200, own 3 Tiguan L and 1 Tayron delivered new, a used Tiguan L (not counted), one of the new Tiguan L returned in January: 3; SH-01 sedan_a (Lavida) market 100, own 2; SH-02 suv_b market 300, own 6; SH-02 sedan_a has no market figure, its 5 Lavida count nowhere. ' +
      'Group (3 + 2 + 6) ÷ (200 + 100 + 300) = 1.83 %, suv_b 9 ÷ 500 = 1.80 %, not the mean of 1.50 % and 2.00 %.',
  },
];
