-- BI views for what analysts cannot rebuild from the fact views of 0006 (issue #17 item 5): every
-- KPI per branch × month with numerator and denominator, as closed and restated, and the position
-- of the roll-up; the KPI catalogue; targets with the version in force; the people and the values of
-- the dimensions the KPI engine breaks figures down by; the closed months. docs/bi.md documents every
-- view; every column carries a comment. Same rules as 0006: views in the client database, read with
-- FINAL inside, explicit dates, LowCardinality dimensions.

-- The KPI catalogue (libs/kpi/src/catalogue): id, labels, unit and how to turn the summed numerator
-- and denominator into the value. Literal rows: ClickHouse cannot read the TypeScript catalogue.
-- libs/kpi/src/engine/bi-kpi-catalogue.ts produces them and the BI spec compares, so a catalogue
-- change needs a new migration replacing this view (CI fails until it has one).
CREATE VIEW IF NOT EXISTS bi_kpis AS
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
    COMMENT COLUMN unit 'money, percent, count, hours, money_per_hour, money_per_unit, score or days',
    COMMENT COLUMN roll_up 'sum (add), ratio and mean (Σ numerator ÷ Σ denominator, never an average of values), snapshot (a state: add over branches, last month over time)',
    COMMENT COLUMN scale 'Decimal places of the value',
    COMMENT COLUMN value_divisor 'value = numerator ÷ denominator ÷ value_divisor (× 100 for a percent)',
    COMMENT COLUMN money_num '1 if the numerator is money in the branch currency (convert before adding currencies)',
    COMMENT COLUMN money_den '1 if the denominator is money in the branch currency',
    COMMENT COLUMN in_rollup '1 if bi_kpi_month holds the KPI (0: computed from targets, or read from the facts only)',
    COMMENT COLUMN label_en 'Name in English',
    COMMENT COLUMN label_zh 'Name in Chinese (zh-CN)',
    COMMENT COLUMN label_es 'Name in Spanish';

-- Every KPI of the month roll-up (rollup_kpi_month, 0011: the engine's own component SQL, kept by
-- the projector) per branch × month × region × currency, restated and as closed side by side.
-- region_id is the region of the branch on the facts' dates (as of): a branch that moved during a
-- month has one row per region, whose numerators and denominators add up to the branch's month.
-- Aggregate across rows by summing numerator and denominator, then divide (bi_kpis says how);
-- never average `value`. Money is in `currency` (the branch currency): convert each row at its
-- month's rate (bi_exchange_rates) before adding branches of different currencies.
CREATE VIEW IF NOT EXISTS bi_kpi_month AS
SELECT
    r.kpi AS kpi,
    k.unit AS unit,
    k.roll_up AS roll_up,
    r.month AS month,
    toYear(r.month) AS year,
    r.branch_id AS branch_id,
    r.region_id AS region_id,
    r.currency AS currency,
    r.num_restated AS numerator,
    r.den_restated AS denominator,
    if(k.roll_up NOT IN ('sum', 'snapshot') AND r.den_restated = 0, NULL,
       CAST(multiIf(k.scale = 0, round(r.x_restated, 0), k.scale = 1, round(r.x_restated, 1), round(r.x_restated, 2)) AS Decimal(38, 2))) AS value,
    r.num_as_closed AS numerator_as_closed,
    r.den_as_closed AS denominator_as_closed,
    if(k.roll_up NOT IN ('sum', 'snapshot') AND r.den_as_closed = 0, NULL,
       CAST(multiIf(k.scale = 0, round(r.x_as_closed, 0), k.scale = 1, round(r.x_as_closed, 1), round(r.x_as_closed, 2)) AS Decimal(38, 2))) AS value_as_closed,
    toUInt8(pc.closed_position IS NOT NULL) AS closed,
    pc.closed_at AS closed_at,
    pc.closed_position AS closed_position,
    r.provisional_until AS provisional_until,
    toUInt8(r.provisional_until IS NOT NULL AND today() <= r.provisional_until) AS provisional,
    (SELECT argMax(global_position, refreshed_at) FROM rollup_positions WHERE rollup = 'rollup_kpi_month') AS rollup_position,
    (SELECT argMax(recorded_at, refreshed_at) FROM rollup_positions WHERE rollup = 'rollup_kpi_month') AS rollup_position_recorded_at
FROM
(
    SELECT
        g.kpi AS kpi,
        g.branch_id AS branch_id,
        g.month AS month,
        g.region_id AS region_id,
        g.currency AS currency,
        g.num_restated AS num_restated,
        g.den_restated AS den_restated,
        g.num_as_closed AS num_as_closed,
        g.den_as_closed AS den_as_closed,
        -- The figure before rounding: Σ num for a sum or snapshot, else Σ num ÷ Σ den ÷ divisor (× 100 for a percent).
        if(c.roll_up IN ('sum', 'snapshot'), toDecimal256(g.num_restated, 20),
           toDecimal256(g.num_restated, 20) / toDecimal256(if(g.den_restated = 0, 1, g.den_restated), 20) / toDecimal256(c.value_divisor, 20)
             * toDecimal256(if(c.unit = 'percent', 100, 1), 0)) AS x_restated,
        if(c.roll_up IN ('sum', 'snapshot'), toDecimal256(g.num_as_closed, 20),
           toDecimal256(g.num_as_closed, 20) / toDecimal256(if(g.den_as_closed = 0, 1, g.den_as_closed), 20) / toDecimal256(c.value_divisor, 20)
             * toDecimal256(if(c.unit = 'percent', 100, 1), 0)) AS x_as_closed,
        -- Rework: month end + the rework window in force then; CSI: month end + 60 days (kpi-engine.ts).
        multiIf(
            g.kpi = 'rework_rate', toNullable(g.month_end + if(s.key = '', 30, s.window_days)),
            g.kpi IN ('csi_service', 'csi_sales', 'csi_response_rate', 'csi_top_box'), toNullable(g.month_end + 60),
            NULL) AS provisional_until
    FROM
    (
        SELECT
            kpi,
            branch_id,
            month,
            region_id,
            currency,
            toLastDayOfMonth(month) AS month_end,
            'rework_window_days' AS setting_key,
            sumIf(num, view = 'restated') AS num_restated,
            sumIf(den, view = 'restated') AS den_restated,
            sumIf(num, view = 'as_closed') AS num_as_closed,
            sumIf(den, view = 'as_closed') AS den_as_closed
        FROM rollup_kpi_month FINAL
        GROUP BY kpi, branch_id, month, region_id, currency
    ) AS g
    INNER JOIN bi_kpis AS c ON c.kpi = g.kpi
    ASOF LEFT JOIN (SELECT key, valid_from, toInt32OrZero(value) AS window_days FROM org_kpi_settings FINAL WHERE key = 'rework_window_days') AS s
        ON g.setting_key = s.key AND g.month_end >= s.valid_from
) AS r
INNER JOIN bi_kpis AS k ON k.kpi = r.kpi
LEFT JOIN (SELECT month, toNullable(closed_at) AS closed_at, toNullable(closed_position) AS closed_position FROM org_period_closes FINAL) AS pc
    ON pc.month = r.month;

ALTER TABLE bi_kpi_month
    COMMENT COLUMN kpi 'KPI id (bi_kpis, docs/kpis.md)',
    COMMENT COLUMN unit 'Unit of the value (bi_kpis.unit)',
    COMMENT COLUMN roll_up 'How the KPI aggregates (bi_kpis.roll_up): sum num and den over rows, then divide',
    COMMENT COLUMN month 'First day of the month (business dates in the branch calendar)',
    COMMENT COLUMN year 'Year of month',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on the dates of the facts (as of; empty: no region yet). A branch that moved during the month has a row per region',
    COMMENT COLUMN currency 'Currency of money numerators/denominators (the branch currency); empty for a KPI without money',
    COMMENT COLUMN numerator 'Restated numerator: every fact, late ones included (sum of a sum KPI)',
    COMMENT COLUMN denominator 'Restated denominator (0 for sums and snapshots)',
    COMMENT COLUMN value 'Restated value of this row, as the engine computes it (NULL when the denominator is 0). Never average it: sum numerator and denominator, then divide',
    COMMENT COLUMN numerator_as_closed 'Numerator as closed: in a closed month only the facts recorded before the close; equals numerator in a month not closed',
    COMMENT COLUMN denominator_as_closed 'Denominator as closed',
    COMMENT COLUMN value_as_closed 'Value as closed (the frozen figure that bonuses use); value − value_as_closed is the restatement',
    COMMENT COLUMN closed '1 if head office closed the month',
    COMMENT COLUMN closed_at 'When the month was closed (UTC; NULL: not closed)',
    COMMENT COLUMN closed_position 'Event-store position of the close: the as-closed figures include the events below it',
    COMMENT COLUMN provisional_until 'The figure may still change by design until this date (rework window, late surveys); NULL: final',
    COMMENT COLUMN provisional '1 if today is on or before provisional_until',
    COMMENT COLUMN rollup_position 'As-of mark: global event-store position of the last event the roll-up includes (ADR 18)',
    COMMENT COLUMN rollup_position_recorded_at 'When the store recorded that event (UTC)';

-- Every version of every target cell, with the version in force (the highest: report against it and
-- say which). branch_id / region_id / employee_id / department say whom the target is for, so row
-- policies and joins work: a department target's branch is the part before ':'; a person's branch is
-- their branch on the first day of the period.
CREATE VIEW IF NOT EXISTS bi_targets AS
SELECT
    t.kpi AS kpi,
    t.period_kind AS period_kind,
    t.period AS period,
    t.period_start AS period_start,
    t.period_end AS period_end,
    t.grain AS grain,
    t.grain_id AS grain_id,
    toLowCardinality(multiIf(t.grain = 'branch', t.grain_id, t.grain = 'department', splitByChar(':', t.grain_id)[1], t.grain = 'person', e.branch_id, '')) AS branch_id,
    toLowCardinality(if(t.grain = 'region', t.grain_id, '')) AS region_id,
    toLowCardinality(if(t.grain = 'department', splitByChar(':', t.grain_id)[2], '')) AS department,
    if(t.grain = 'person', t.grain_id, '') AS employee_id,
    t.model AS model,
    t.segment AS segment,
    t.kind AS kind,
    t.version AS version,
    t.supersedes_version AS supersedes_version,
    t.in_force AS in_force,
    t.value AS value,
    t.unit AS unit,
    t.reason AS reason,
    t.decided_at AS decided_at,
    t.event_type AS event_type
FROM
(
    SELECT *, toUInt8(version = max(version) OVER (PARTITION BY kpi, period, grain, grain_id, model, segment, kind)) AS in_force
    FROM org_targets FINAL
) AS t
ASOF LEFT JOIN (SELECT employee_id, valid_from, branch_id FROM org_employee_assignments FINAL) AS e
    ON t.grain_id = e.employee_id AND t.period_start >= e.valid_from;

ALTER TABLE bi_targets
    COMMENT COLUMN kpi 'KPI id (bi_kpis)',
    COMMENT COLUMN period_kind 'year, quarter or month',
    COMMENT COLUMN period 'The period: 2026, 2026-Q1 or 2026-01',
    COMMENT COLUMN period_start 'First day of the period',
    COMMENT COLUMN period_end 'Last day of the period (inclusive)',
    COMMENT COLUMN grain 'group, region, branch, department or person',
    COMMENT COLUMN grain_id 'group, a region id, a branch id, <branch_id>:<department> or an employee id',
    COMMENT COLUMN branch_id 'Branch of a branch or department target, of a person target the branch of the person on period_start; empty otherwise',
    COMMENT COLUMN region_id 'Region of a region target; empty otherwise',
    COMMENT COLUMN department 'Department of a department target (sales, service, parts, admin); empty otherwise',
    COMMENT COLUMN employee_id 'Employee of a person target; empty otherwise',
    COMMENT COLUMN model 'Vehicle model the target is limited to (empty: all)',
    COMMENT COLUMN segment 'Customer or job segment the target is limited to (empty: all)',
    COMMENT COLUMN kind 'quota (任务, assigned) or stretch (目标)',
    COMMENT COLUMN version 'Version of the cell (1 = first setting; each revision adds one)',
    COMMENT COLUMN supersedes_version 'The version this one revised (NULL for the first)',
    COMMENT COLUMN in_force '1 for the version in force (the latest); report against it and name its version',
    COMMENT COLUMN value 'Target value in unit',
    COMMENT COLUMN unit 'Unit of the value',
    COMMENT COLUMN reason 'Why it was set or revised',
    COMMENT COLUMN decided_at 'When head office decided this version (UTC)',
    COMMENT COLUMN event_type 'TargetSet, TargetRevised or an import';

-- The closed months (PeriodClosed): the as-closed figures of a month include the events below closed_position.
CREATE VIEW IF NOT EXISTS bi_period_closes AS
SELECT month, toYear(month) AS year, period, closed_at, closed_position, reason
FROM org_period_closes FINAL;

ALTER TABLE bi_period_closes
    COMMENT COLUMN month 'First day of the closed month',
    COMMENT COLUMN year 'Year of month',
    COMMENT COLUMN period 'The closed period (2026-01)',
    COMMENT COLUMN closed_at 'When head office closed it (UTC)',
    COMMENT COLUMN closed_position 'Event-store position of the close',
    COMMENT COLUMN reason 'Reason given';

-- The people: one row per employee assignment (branch, department, role) with its validity, so a
-- consultant, advisor or technician id of a fact joins to the assignment in force on its date:
--   JOIN bi_people p ON p.employee_id = f.consultant_id AND f.business_date >= p.valid_from
--    AND (p.valid_to IS NULL OR f.business_date < p.valid_to)
CREATE VIEW IF NOT EXISTS bi_people AS
SELECT
    employee_id,
    branch_id,
    department,
    role,
    valid_from,
    valid_to,
    toUInt8(valid_to IS NULL) AS current
FROM
(
    SELECT
        employee_id,
        branch_id,
        department,
        role,
        valid_from,
        anyOrNull(valid_from) OVER (PARTITION BY employee_id ORDER BY valid_from ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS valid_to
    FROM org_employee_assignments FINAL
);

ALTER TABLE bi_people
    COMMENT COLUMN employee_id 'Employee id (consultant_id, advisor_id, technician_id, caller_id of the facts)',
    COMMENT COLUMN branch_id 'Branch of the assignment',
    COMMENT COLUMN department 'sales, service, parts or admin',
    COMMENT COLUMN role 'sales_consultant, service_advisor, technician, manager or other',
    COMMENT COLUMN valid_from 'First business date of the assignment',
    COMMENT COLUMN valid_to 'First business date of the next assignment (NULL: in force); half-open [valid_from, valid_to)',
    COMMENT COLUMN current '1 for the assignment in force now';

-- The values each dimension of the KPI engine (libs/kpi/src/engine/dimensions.ts) takes in the facts,
-- per branch: pick-lists for dashboards and the keys to join people and codes. People are the ids
-- on the facts (as of the event): the consultant on the order, lead or test drive; the advisor on
-- the repair order; the technician on the labour line.
CREATE VIEW IF NOT EXISTS bi_dimension_values AS
SELECT
    toLowCardinality(dimension) AS dimension,
    value,
    branch_id,
    min(business_date) AS first_date,
    max(business_date) AS last_date,
    count() AS fact_rows
FROM
(
    SELECT 'consultant' AS dimension, consultant_id AS value, branch_id, business_date FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned'
    UNION ALL SELECT 'consultant', consultant_id, branch_id, business_date FROM fact_sales_leads FINAL
    UNION ALL SELECT 'consultant', consultant_id, branch_id, business_date FROM fact_sales_test_drives FINAL
    UNION ALL SELECT 'advisor', advisor_id, branch_id, business_date FROM fact_service_revenue FINAL WHERE sign = 1
    UNION ALL SELECT 'technician', technician_id, branch_id, business_date FROM fact_service_labour_lines FINAL
    UNION ALL SELECT 'model', model, branch_id, business_date FROM fact_vehicle_sales FINAL
    UNION ALL SELECT 'model', model, branch_id, business_date FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned'
    UNION ALL SELECT 'vehicle_condition', vehicle_condition, branch_id, business_date FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned'
    UNION ALL SELECT 'finance', finance, branch_id, business_date FROM fact_sales_orders FINAL WHERE event_type = 'OrderSigned'
    UNION ALL SELECT 'lead_source', source, branch_id, business_date FROM fact_sales_leads FINAL
    UNION ALL SELECT 'customer_segment', segment, branch_id, business_date FROM fact_sales_leads FINAL
    UNION ALL SELECT 'referrer', assumeNotNull(referrer_customer_id), branch_id, business_date FROM fact_sales_leads FINAL WHERE referrer_customer_id IS NOT NULL
    UNION ALL SELECT 'payer', payer, branch_id, business_date FROM fact_service_revenue FINAL WHERE sign = 1
    UNION ALL SELECT 'job_type', job_type, branch_id, business_date FROM fact_service_revenue FINAL WHERE sign = 1
    UNION ALL SELECT 'service_segment', segment, branch_id, business_date FROM fact_service_revenue FINAL WHERE sign = 1
    UNION ALL SELECT 'labour_category', category, branch_id, business_date FROM fact_service_labour_lines FINAL
    UNION ALL SELECT 'survey_source', source, branch_id, business_date FROM fact_csi_responses FINAL
    UNION ALL SELECT 'complaint_category', kind, branch_id, business_date FROM fact_complaints FINAL WHERE event_type = 'ComplaintLogged'
    UNION ALL SELECT 'complaint_channel', channel, branch_id, business_date FROM fact_complaints FINAL WHERE event_type = 'ComplaintLogged'
    UNION ALL SELECT 'parts_customer_type', customer_type, branch_id, business_date FROM fact_parts_sales FINAL WHERE customer_type != ''
    UNION ALL SELECT 'supplier', supplier_id, branch_id, business_date FROM fact_parts_purchases FINAL WHERE supplier_id != ''
    UNION ALL SELECT 'genuine', if(genuine, 'genuine', 'non_genuine'), branch_id, business_date FROM fact_parts_sales FINAL
)
WHERE value != ''
GROUP BY dimension, value, branch_id;

ALTER TABLE bi_dimension_values
    COMMENT COLUMN dimension 'Dimension id of the KPI engine (consultant, advisor, technician, model, lead_source, …; docs/kpis.md)',
    COMMENT COLUMN value 'A value the facts carry (an employee id for people)',
    COMMENT COLUMN branch_id 'Branch of the facts',
    COMMENT COLUMN first_date 'First business date with the value',
    COMMENT COLUMN last_date 'Last business date with the value',
    COMMENT COLUMN fact_rows 'Fact rows carrying the value (a rough size, not a KPI)';
