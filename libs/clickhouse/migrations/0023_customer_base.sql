-- Customer base KPIs (issue #16 item 4; ADR 25): active customer base (12 months), customer
-- retention and visit frequency count distinct customers. A repair order's customer is in
-- fact_service_repair_order_opens (0015); a delivery's buyer was not kept in any fact: this adds it to
-- fact_vehicle_sales (VehicleDelivered.customerId; NULL on a return and when the dealer system did not
-- identify the buyer). The column is a pure function of the event like every other one, so a
-- redelivered or replayed event still collapses onto its row (ReplacingMergeTree on event_id, read
-- with FINAL). Rows projected before this migration have NULL: a rebuild (`npm run rebuild`) replays
-- the deliveries and fills it for the history.
ALTER TABLE fact_vehicle_sales ADD COLUMN IF NOT EXISTS customer_id Nullable(String) AFTER cost_net;

-- The KPI catalogue for BI (bi_kpis, first created by 0017) with the three customer base KPIs:
-- every row of the catalogue then (59; 0024 adds market_share), as libs/kpi/src/engine/bi-kpi-catalogue.ts produced them (the BI spec compares).
-- Their roll_up is 'distinct': recomputed from the facts at every level, never added up.
CREATE OR REPLACE VIEW bi_kpis AS
SELECT
    kpi,
    toLowCardinality(area) AS area,
    toLowCardinality(unit) AS unit,
    toLowCardinality(roll_up) AS roll_up,
    scale,
    value_divisor,
    money_num,
    money_den,
    in_rollup,
    label_en,
    label_zh,
    label_es
FROM values(
    'kpi String, area String, unit String, roll_up String, scale UInt8, value_divisor String, money_num UInt8, money_den UInt8, in_rollup UInt8, label_en String, label_zh String, label_es String',
    ('revenue', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'Revenue', '销售额 / 产值', 'Ingresos'),
    ('revenue_new_vehicles', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'New vehicle revenue', '新车销售额', 'Ingresos de vehículos nuevos'),
    ('revenue_used_vehicles', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'Used vehicle revenue', '二手车销售额', 'Ingresos de vehículos de ocasión'),
    ('units_delivered', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Units delivered', '交车台数', 'Unidades entregadas'),
    ('units_returned', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Units returned', '退车台数', 'Unidades devueltas'),
    ('vehicle_returns_amount', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'Vehicle returns', '退货额', 'Importe de devoluciones'),
    ('vehicle_gross_profit', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'Vehicle gross profit', '整车毛利', 'Beneficio bruto de vehículos'),
    ('vehicle_gross_margin', 'sales', 'percent', 'ratio', 2, '1', 1, 1, 1, 'Vehicle gross margin', '整车毛利率', 'Margen bruto de vehículos'),
    ('gross_profit_per_new_vehicle', 'sales', 'money_per_unit', 'ratio', 2, '1', 1, 0, 1, 'Gross profit per new vehicle retailed', '新车单车毛利', 'Beneficio bruto por vehículo nuevo vendido'),
    ('gross_profit_per_used_vehicle', 'sales', 'money_per_unit', 'ratio', 2, '1', 1, 0, 1, 'Gross profit per used vehicle retailed', '二手车单车毛利', 'Beneficio bruto por vehículo de ocasión vendido'),
    ('collections', 'sales', 'money', 'sum', 2, '1', 1, 0, 1, 'Collections', '回款', 'Cobros'),
    ('leads', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Leads', '线索数', 'Oportunidades'),
    ('referral_leads', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Referral leads', '转介绍线索数', 'Oportunidades por recomendación'),
    ('referral_sales', 'sales', 'money', 'sum', 2, '1', 1, 0, 0, 'Referral sales', '转介绍成交额', 'Ventas por recomendación'),
    ('test_drives', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Test drives', '试驾数', 'Pruebas de conducción'),
    ('orders_signed', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Orders signed', '订单数', 'Pedidos firmados'),
    ('lead_to_order_conversion', 'sales', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Lead-to-order conversion', '线索转化率', 'Conversión de oportunidades en pedidos'),
    ('order_cancellations', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Order cancellations', '订单取消数', 'Pedidos cancelados'),
    ('discount_rate', 'sales', 'percent', 'ratio', 2, '1', 1, 1, 1, 'Discount rate', '折扣率', 'Tasa de descuento'),
    ('sales_calls', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Sales calls logged', '销售电话数', 'Llamadas comerciales'),
    ('sales_visits', 'sales', 'count', 'sum', 0, '1', 0, 0, 1, 'Sales visits logged', '销售拜访数', 'Visitas comerciales'),
    ('sales_call_quota_attainment', 'sales', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Call quota attainment', '销售电话任务完成率', 'Cumplimiento de la cuota de llamadas'),
    ('sales_visit_quota_attainment', 'sales', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Visit quota attainment', '销售拜访任务完成率', 'Cumplimiento de la cuota de visitas'),
    ('service_revenue', 'service', 'money', 'sum', 2, '1', 1, 0, 1, 'Service revenue', '售后产值', 'Ingresos de posventa'),
    ('service_labour_revenue', 'service', 'money', 'sum', 2, '1', 1, 0, 1, 'Labour revenue (mechanical/body/paint)', '工时收入（机修/钣金/油漆）', 'Ingresos de mano de obra (mecánica/carrocería/pintura)'),
    ('service_parts_revenue', 'service', 'money', 'sum', 2, '1', 1, 0, 1, 'Service parts revenue', '维修配件收入', 'Ingresos de recambios en taller'),
    ('insurance_revenue', 'service', 'money', 'sum', 2, '1', 1, 0, 1, 'Insurance repair revenue', '事故车（保险）产值', 'Ingresos de siniestros (seguros)'),
    ('repair_and_warranty_revenue', 'service', 'money', 'sum', 2, '1', 1, 0, 1, 'Repair, maintenance and warranty revenue', '维修保养及索赔产值', 'Ingresos de reparación, mantenimiento y garantía'),
    ('vehicle_intakes', 'service', 'count', 'sum', 0, '1', 0, 0, 1, 'Vehicle intakes', '进厂台次', 'Entradas de vehículos'),
    ('per_vehicle_yield', 'service', 'money_per_unit', 'ratio', 2, '1', 1, 0, 1, 'Per-vehicle yield', '单车产值', 'Ingreso por vehículo'),
    ('rework_rate', 'service', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Rework (comeback) rate', '返修率', 'Tasa de retrabajo'),
    ('hours_sold', 'service', 'hours', 'sum', 2, '1', 0, 0, 1, 'Hours sold', '售出工时', 'Horas vendidas'),
    ('effective_labour_rate', 'service', 'money_per_hour', 'ratio', 2, '1', 1, 0, 1, 'Effective labour rate', '有效工时单价', 'Precio efectivo por hora'),
    ('technician_efficiency', 'service', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Technician efficiency', '技师效率', 'Eficiencia de técnicos'),
    ('hours_per_repair_order', 'service', 'hours', 'ratio', 2, '1', 0, 0, 1, 'Hours per repair order', '单工单工时', 'Horas por orden de reparación'),
    ('appointment_share', 'service', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Appointment share', '预约率', 'Tasa de cita previa'),
    ('warranty_approval_rate', 'service', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Warranty approval rate', '索赔通过率', 'Tasa de aprobación de garantías'),
    ('follow_up_within_3_working_days', 'customer', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Follow-up within 3 working days', '3个工作日内回访率', 'Seguimiento en 3 días laborables'),
    ('csi_service', 'customer', 'score', 'mean', 2, '1', 0, 0, 1, 'Service CSI', '售后客户满意度', 'Satisfacción del cliente (posventa)'),
    ('csi_sales', 'customer', 'score', 'mean', 2, '1', 0, 0, 1, 'Sales CSI', '销售客户满意度', 'Satisfacción del cliente (ventas)'),
    ('csi_response_rate', 'customer', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Survey response rate', '满意度调查回复率', 'Tasa de respuesta de encuestas'),
    ('csi_top_box', 'customer', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Top-box share', '极满意比例', 'Porcentaje de máxima satisfacción'),
    ('complaints', 'customer', 'count', 'sum', 0, '1', 0, 0, 1, 'Complaints', '投诉数', 'Quejas'),
    ('complaint_resolution_days', 'customer', 'days', 'mean', 1, '86400', 0, 0, 1, 'Complaint resolution time', '投诉平均解决天数', 'Días medios de resolución de quejas'),
    ('active_customer_base', 'customer', 'count', 'distinct', 0, '1', 0, 0, 0, 'Active customer base (12 months)', '有效客户数（12个月）', 'Base de clientes activos (12 meses)'),
    ('customer_retention', 'customer', 'percent', 'distinct', 2, '1', 0, 0, 0, 'Customer retention', '客户保有率', 'Retención de clientes'),
    ('visit_frequency', 'customer', 'per_customer', 'distinct', 2, '1', 0, 0, 0, 'Visit frequency', '客户回厂频次', 'Frecuencia de visitas al taller'),
    ('parts_counter_sales', 'parts', 'money', 'sum', 2, '1', 1, 0, 1, 'Parts counter sales', '配件销售额', 'Ventas de recambios (mostrador)'),
    ('parts_margin', 'parts', 'percent', 'ratio', 2, '1', 1, 1, 1, 'Parts margin', '配件毛利率', 'Margen de recambios'),
    ('parts_fill_rate', 'parts', 'percent', 'ratio', 2, '1', 0, 0, 1, 'Parts fill rate', '配件满足率', 'Tasa de servicio de recambios'),
    ('genuine_parts_purchases', 'parts', 'money', 'sum', 2, '1', 1, 0, 1, 'Genuine parts purchases', '原厂件采购额', 'Compras de recambio original'),
    ('accessory_sales', 'parts', 'money', 'sum', 2, '1', 1, 0, 1, 'Accessory sales', '精品销售额', 'Ventas de accesorios'),
    ('stock_value', 'parts', 'money', 'snapshot', 2, '1', 1, 0, 1, 'Month-end stock value', '月末库存金额', 'Valor del stock a fin de mes'),
    ('aged_stock_value', 'parts', 'money', 'snapshot', 2, '1', 1, 0, 1, 'Aged stock (over 180 days)', '呆滞库存金额（180天以上）', 'Stock envejecido (más de 180 días)'),
    ('attainment_quota', 'plan', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Quota attainment', '任务完成率', 'Cumplimiento de cuota'),
    ('attainment_stretch', 'plan', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Stretch goal attainment', '目标完成率', 'Cumplimiento del objetivo'),
    ('annual_plan_progress', 'plan', 'percent', 'ratio', 2, '1', 0, 0, 0, '% of annual plan', '年度计划完成率', '% del plan anual'),
    ('growth_mom', 'plan', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Month-on-month growth', '环比增长', 'Crecimiento intermensual'),
    ('growth_yoy', 'plan', 'percent', 'ratio', 2, '1', 0, 0, 0, 'Year-on-year growth', '同比增长', 'Crecimiento interanual')
);

ALTER TABLE bi_kpis
    COMMENT COLUMN kpi 'KPI id (docs/kpis.md)',
    COMMENT COLUMN area 'sales, service, customer, parts or plan',
    COMMENT COLUMN unit 'money, percent, count, hours, money_per_hour, money_per_unit, score, days or per_customer',
    COMMENT COLUMN roll_up 'sum (add), ratio and mean (Σ numerator ÷ Σ denominator, never an average of values), snapshot (a state: add over branches, last month over time), distinct (distinct customers: recomputed from the facts at every level and period, never added up)',
    COMMENT COLUMN scale 'Decimal places of the value',
    COMMENT COLUMN value_divisor 'value = numerator ÷ denominator ÷ value_divisor (× 100 for a percent)',
    COMMENT COLUMN money_num '1 if the numerator is money in the branch currency (convert before adding currencies)',
    COMMENT COLUMN money_den '1 if the denominator is money in the branch currency',
    COMMENT COLUMN in_rollup '1 if bi_kpi_month holds the KPI (0: computed from targets, or read from the facts only)',
    COMMENT COLUMN label_en 'Name in English',
    COMMENT COLUMN label_zh 'Name in Chinese (zh-CN)',
    COMMENT COLUMN label_es 'Name in Spanish';
