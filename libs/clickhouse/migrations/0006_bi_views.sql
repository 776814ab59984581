-- The BI layer (issue #5): flat, documented views for BI tools (Superset, Metabase, Power BI,
-- Grafana…). docs/bi.md lists every view and column; system.columns carries the same text as
-- column comments, so a tool's schema browser shows it.
--
-- Why `bi_*` views in THIS database and not a `bi` database: migrations run in the client's
-- database, whose name differs per environment (`kpi` in docker-compose, `t_<random>` in tests).
-- ClickHouse resolves a view's unqualified table names against the CURRENT database when the
-- view is created and stores them qualified (a `bi.vehicle_sales` created from database `t_1`
-- reads `t_1.fact_vehicle_sales` for ever), so a shared `bi` database created by migrations
-- would bind to whichever database migrated first and silently skip the others
-- (`IF NOT EXISTS`). `bi_*` views next to the facts are portable and follow a rebuild's
-- `EXCHANGE TABLES` (a view refers to its tables by name). On a server, deploy/clickhouse/
-- bi-views.sql creates the `bi` database itself: one `bi.<name>` view per `bi_<name>` view,
-- with SQL SECURITY DEFINER, so analysts get SELECT on `bi.*` and nothing else.
--
-- Every view:
-- * reads its fact with FINAL, so a tool never has to (redelivered events are collapsed);
-- * has explicit dates: business_date (the branch's business day), month (Date, first day of
--   the month) and year;
-- * carries branch_id and region_id, the region the branch belonged to ON THE BUSINESS DATE
--   (as-of join on org_branch_region_assignments; '' = no region yet), so row policies can
--   filter on either and a region move splits figures as of the move;
-- * keeps money as Decimal(18, 2) in the branch currency (column `currency`); convert with
--   bi_exchange_rate at the rate of `month` (cast sums to Decimal(38, 2) first).
-- Dimensions are LowCardinality(String). Rates are Σ numerator ÷ Σ denominator at the grain
-- wanted – never average a ratio over rows.

-- Vehicle sales: deliveries (+) and returns (−, on the return's own business date).
CREATE VIEW IF NOT EXISTS bi_vehicle_sales AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.vehicle_sale_id AS vehicle_sale_id,
    f.vin AS vin,
    toLowCardinality(f.model) AS model,
    f.revenue_stream AS revenue_stream,
    f.currency AS currency,
    f.units AS units,
    f.revenue_net AS revenue_net,
    f.revenue_tax AS revenue_tax,
    f.revenue_gross AS revenue_gross,
    f.cost_net AS cost_net,
    f.revenue_net - f.cost_net AS gross_profit_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_vehicle_sales AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_vehicle_sales
    COMMENT COLUMN business_date 'Business date of the delivery or return in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'VehicleDelivered (+) or VehicleReturned (−)',
    COMMENT COLUMN vehicle_sale_id 'Vehicle sale id',
    COMMENT COLUMN vin 'Vehicle identification number',
    COMMENT COLUMN model 'Model',
    COMMENT COLUMN revenue_stream 'Revenue stream (new or used vehicles)',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN units 'Units: +1 per delivery, −1 per return',
    COMMENT COLUMN revenue_net 'Revenue net of tax (negative for a return)',
    COMMENT COLUMN revenue_tax 'Tax on the revenue',
    COMMENT COLUMN revenue_gross 'Revenue including tax',
    COMMENT COLUMN cost_net 'Vehicle cost net of tax',
    COMMENT COLUMN gross_profit_net 'revenue_net − cost_net',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Workshop revenue: +1 rows at a repair-order close, −1 rows at a reopen (see 0003).
CREATE VIEW IF NOT EXISTS bi_service_revenue AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.close_business_date AS close_business_date,
    f.sign AS sign,
    f.repair_order_id AS repair_order_id,
    f.vin AS vin,
    f.job_type AS job_type,
    f.payer AS payer,
    f.segment AS segment,
    f.kpi_included AS kpi_included,
    toLowCardinality(f.advisor_id) AS advisor_id,
    f.currency AS currency,
    f.labour_net AS labour_net,
    f.labour_mechanical_net AS labour_mechanical_net,
    f.labour_body_net AS labour_body_net,
    f.labour_paint_net AS labour_paint_net,
    f.parts_net AS parts_net,
    f.parts_cost_net AS parts_cost_net,
    f.sublet_net AS sublet_net,
    f.total_net AS total_net,
    f.total_tax AS total_tax,
    f.total_gross AS total_gross,
    f.sold_hours AS sold_hours,
    f.clocked_hours AS clocked_hours,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_service_revenue AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_service_revenue
    COMMENT COLUMN business_date 'Business date of the close (sign +1) or of the reopen (sign −1)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'RepairOrderClosed or RepairOrderReopened',
    COMMENT COLUMN close_business_date 'Business date of the close this row recognises or reverses',
    COMMENT COLUMN sign '+1 close, −1 reopen; money columns already carry the sign',
    COMMENT COLUMN repair_order_id 'Repair order id',
    COMMENT COLUMN vin 'Vehicle identification number',
    COMMENT COLUMN job_type 'Job type of the repair order',
    COMMENT COLUMN payer 'Who pays (customer, insurer, manufacturer warranty, internal)',
    COMMENT COLUMN segment 'insurance, customer or warranty (KPI repair orders); internal or pdi (excluded)',
    COMMENT COLUMN kpi_included '1 if the repair order counts in service KPIs',
    COMMENT COLUMN advisor_id 'Service advisor (employee id)',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN labour_net 'Labour revenue net of tax',
    COMMENT COLUMN labour_mechanical_net 'Mechanical labour revenue net of tax',
    COMMENT COLUMN labour_body_net 'Body labour revenue net of tax',
    COMMENT COLUMN labour_paint_net 'Paint labour revenue net of tax',
    COMMENT COLUMN parts_net 'Parts issued to the repair order, revenue net of tax',
    COMMENT COLUMN parts_cost_net 'Cost of those parts net of tax',
    COMMENT COLUMN sublet_net 'Sublet revenue net of tax',
    COMMENT COLUMN total_net 'Service revenue net of tax (labour + parts + sublet)',
    COMMENT COLUMN total_tax 'Tax on total_net',
    COMMENT COLUMN total_gross 'Service revenue including tax',
    COMMENT COLUMN sold_hours 'Labour hours sold',
    COMMENT COLUMN clocked_hours 'Labour hours clocked by technicians',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Comebacks, charged to the ORIGINAL repair order's branch and close date.
CREATE VIEW IF NOT EXISTS bi_service_comebacks AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.original_repair_order_id AS original_repair_order_id,
    f.original_job_type AS original_job_type,
    f.kpi_included AS kpi_included,
    f.comeback_branch_id AS comeback_branch_id,
    f.comeback_repair_order_id AS comeback_repair_order_id,
    f.comeback_opened_date AS comeback_opened_date,
    f.days_after_close AS days_after_close,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_service_comebacks AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_service_comebacks
    COMMENT COLUMN business_date 'Business date of the original repair order close (the comeback is charged there)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch of the original repair order',
    COMMENT COLUMN region_id 'Region of that branch on business_date (empty: no region yet)',
    COMMENT COLUMN original_repair_order_id 'The original repair order',
    COMMENT COLUMN original_job_type 'Job type of the original repair order',
    COMMENT COLUMN kpi_included '1 if the original repair order counts in service KPIs',
    COMMENT COLUMN comeback_branch_id 'Branch where the comeback was opened',
    COMMENT COLUMN comeback_repair_order_id 'The comeback repair order',
    COMMENT COLUMN comeback_opened_date 'Business date the comeback was opened',
    COMMENT COLUMN days_after_close 'comeback_opened_date − business_date; a rework when within the rework window (dim_kpi_setting rework_window_days)',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- CSI responses in the period of the REFERENCED close or delivery, whenever they arrive.
CREATE VIEW IF NOT EXISTS bi_csi_responses AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.received_date AS received_date,
    f.survey_id AS survey_id,
    f.kind AS kind,
    f.source AS source,
    f.repair_order_id AS repair_order_id,
    f.vehicle_sale_id AS vehicle_sale_id,
    f.score AS score,
    f.top_box AS top_box,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_csi_responses AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_csi_responses
    COMMENT COLUMN business_date 'Business date of the referenced repair order close or vehicle delivery',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN received_date 'Date the response arrived (may be a later month)',
    COMMENT COLUMN survey_id 'Survey id',
    COMMENT COLUMN kind 'service or sales',
    COMMENT COLUMN source 'Survey channel',
    COMMENT COLUMN repair_order_id 'Referenced repair order (kind service)',
    COMMENT COLUMN vehicle_sale_id 'Referenced vehicle sale (kind sales)',
    COMMENT COLUMN score 'Weighted score 0–100, 6 decimals; CSI = Σ score ÷ count of responses',
    COMMENT COLUMN top_box '1 if the overall answer is the top of its scale',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Leads created.
CREATE VIEW IF NOT EXISTS bi_sales_leads AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.lead_id AS lead_id,
    f.source AS source,
    f.segment AS segment,
    toLowCardinality(f.consultant_id) AS consultant_id,
    toLowCardinality(f.model_of_interest) AS model_of_interest,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_sales_leads AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_sales_leads
    COMMENT COLUMN business_date 'Business date the lead was created',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN lead_id 'Lead id (one row per lead)',
    COMMENT COLUMN source 'Lead source',
    COMMENT COLUMN segment 'Customer segment',
    COMMENT COLUMN consultant_id 'Sales consultant (employee id)',
    COMMENT COLUMN model_of_interest 'Model the prospect asked about',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Test drives completed.
CREATE VIEW IF NOT EXISTS bi_sales_test_drives AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.lead_id AS lead_id,
    toLowCardinality(f.model) AS model,
    toLowCardinality(f.consultant_id) AS consultant_id,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_sales_test_drives AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_sales_test_drives
    COMMENT COLUMN business_date 'Business date of the test drive',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN lead_id 'Lead id',
    COMMENT COLUMN model 'Model driven',
    COMMENT COLUMN consultant_id 'Sales consultant (employee id)',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Orders signed and cancelled (never revenue).
CREATE VIEW IF NOT EXISTS bi_sales_orders AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.order_id AS order_id,
    f.vehicle_sale_id AS vehicle_sale_id,
    f.lead_id AS lead_id,
    toLowCardinality(f.model) AS model,
    f.vehicle_condition AS vehicle_condition,
    f.finance AS finance,
    toLowCardinality(f.consultant_id) AS consultant_id,
    f.currency AS currency,
    f.transaction_price_net AS transaction_price_net,
    f.orders_signed AS orders_signed,
    f.orders_cancelled AS orders_cancelled,
    f.cancel_reason AS cancel_reason,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_sales_orders AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_sales_orders
    COMMENT COLUMN business_date 'Business date of the signature or cancellation',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'OrderSigned or OrderCancelled',
    COMMENT COLUMN order_id 'Order id',
    COMMENT COLUMN vehicle_sale_id 'Vehicle sale id',
    COMMENT COLUMN lead_id 'Lead the order converts (NULL: none, or a cancellation)',
    COMMENT COLUMN model 'Model ordered (empty on a cancellation)',
    COMMENT COLUMN vehicle_condition 'new or used',
    COMMENT COLUMN finance 'How the order is financed',
    COMMENT COLUMN consultant_id 'Sales consultant (employee id)',
    COMMENT COLUMN currency 'Currency of transaction_price_net (the branch currency)',
    COMMENT COLUMN transaction_price_net 'Agreed price net of tax (0.00 on a cancellation)',
    COMMENT COLUMN orders_signed '1 on a signature',
    COMMENT COLUMN orders_cancelled '1 on a cancellation',
    COMMENT COLUMN cancel_reason 'Reason given for a cancellation',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Collections (回款): money in (+) and refunds (−). Never revenue.
CREATE VIEW IF NOT EXISTS bi_sales_collections AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.vehicle_sale_id AS vehicle_sale_id,
    f.order_id AS order_id,
    f.kind AS kind,
    f.currency AS currency,
    f.amount_net AS amount_net,
    f.amount_tax AS amount_tax,
    f.amount_gross AS amount_gross,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_sales_collections AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_sales_collections
    COMMENT COLUMN business_date 'Business date the payment was received or refunded',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN vehicle_sale_id 'Vehicle sale id',
    COMMENT COLUMN order_id 'Order id (NULL: none)',
    COMMENT COLUMN kind 'deposit, balance, loan (money in) or refund (money paid back)',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN amount_net 'Amount net of tax (negative for a refund)',
    COMMENT COLUMN amount_tax 'Tax part of the amount',
    COMMENT COLUMN amount_gross 'Amount including tax',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Parts counter sales (+) and customer returns (−), one row per line.
CREATE VIEW IF NOT EXISTS bi_parts_sales AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.document_id AS document_id,
    f.original_document_id AS original_document_id,
    f.customer_type AS customer_type,
    f.part_number AS part_number,
    f.genuine AS genuine,
    f.currency AS currency,
    f.quantity AS quantity,
    f.revenue_net AS revenue_net,
    f.revenue_tax AS revenue_tax,
    f.revenue_gross AS revenue_gross,
    f.cost_net AS cost_net,
    f.revenue_net - f.cost_net AS gross_profit_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id,
    f.line_no AS line_no
FROM fact_parts_sales AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_parts_sales
    COMMENT COLUMN business_date 'Business date of the sale or of the customer return',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'PartsSold (+) or PartsReturned by a customer (−)',
    COMMENT COLUMN document_id 'Sale or return document id',
    COMMENT COLUMN original_document_id 'For a return: the sale it returns',
    COMMENT COLUMN customer_type 'Customer type of a sale (empty on a return)',
    COMMENT COLUMN part_number 'Part number',
    COMMENT COLUMN genuine 'true for a genuine (manufacturer) part',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN quantity 'Quantity (negative for a return)',
    COMMENT COLUMN revenue_net 'Revenue net of tax (negative for a return)',
    COMMENT COLUMN revenue_tax 'Tax on the revenue',
    COMMENT COLUMN revenue_gross 'Revenue including tax',
    COMMENT COLUMN cost_net 'Cost of the parts net of tax',
    COMMENT COLUMN gross_profit_net 'revenue_net − cost_net',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event',
    COMMENT COLUMN line_no 'Line of the event (one row per event line)';

-- Parts purchases: receipts (+) and supplier returns (−), at cost.
CREATE VIEW IF NOT EXISTS bi_parts_purchases AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.document_id AS document_id,
    f.original_document_id AS original_document_id,
    toLowCardinality(f.supplier_id) AS supplier_id,
    f.part_number AS part_number,
    f.genuine AS genuine,
    f.currency AS currency,
    f.quantity AS quantity,
    f.cost_net AS cost_net,
    f.cost_tax AS cost_tax,
    f.cost_gross AS cost_gross,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id,
    f.line_no AS line_no
FROM fact_parts_purchases AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_parts_purchases
    COMMENT COLUMN business_date 'Business date of the receipt or of the return to the supplier',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'PartsReceived (+) or PartsReturned to a supplier (−)',
    COMMENT COLUMN document_id 'Receipt or return document id',
    COMMENT COLUMN original_document_id 'For a return: the receipt it returns',
    COMMENT COLUMN supplier_id 'Supplier id',
    COMMENT COLUMN part_number 'Part number',
    COMMENT COLUMN genuine 'true for a genuine (manufacturer) part',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN quantity 'Quantity (negative for a return)',
    COMMENT COLUMN cost_net 'Cost net of tax (negative: credited by the supplier)',
    COMMENT COLUMN cost_tax 'Tax on the cost',
    COMMENT COLUMN cost_gross 'Cost including tax',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event',
    COMMENT COLUMN line_no 'Line of the event (one row per event line)';

-- Accessory sales (not parts counter revenue).
CREATE VIEW IF NOT EXISTS bi_accessory_sales AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.accessory_sale_id AS accessory_sale_id,
    toLowCardinality(f.accessory_code) AS accessory_code,
    f.vehicle_sale_id AS vehicle_sale_id,
    f.currency AS currency,
    f.quantity AS quantity,
    f.revenue_net AS revenue_net,
    f.revenue_tax AS revenue_tax,
    f.revenue_gross AS revenue_gross,
    f.cost_net AS cost_net,
    f.revenue_net - f.cost_net AS gross_profit_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_accessory_sales AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_accessory_sales
    COMMENT COLUMN business_date 'Business date of the accessory sale',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN accessory_sale_id 'Accessory sale id',
    COMMENT COLUMN accessory_code 'Accessory code',
    COMMENT COLUMN vehicle_sale_id 'Vehicle sale the accessory was sold with (NULL: none)',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN quantity 'Quantity',
    COMMENT COLUMN revenue_net 'Revenue net of tax',
    COMMENT COLUMN revenue_tax 'Tax on the revenue',
    COMMENT COLUMN revenue_gross 'Revenue including tax',
    COMMENT COLUMN cost_net 'Cost net of tax',
    COMMENT COLUMN gross_profit_net 'revenue_net − cost_net',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Month-end parts stock: a STATE per branch and month, never summed over months.
CREATE VIEW IF NOT EXISTS bi_parts_stock_snapshots AS
SELECT
    f.business_date AS business_date,
    f.snapshot_month AS month,
    toYear(f.snapshot_month) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.currency AS currency,
    f.part_count AS part_count,
    f.total_quantity AS total_quantity,
    f.total_value_net AS total_value_net,
    f.aged_0_90_net AS aged_0_90_net,
    f.aged_91_180_net AS aged_91_180_net,
    f.aged_181_365_net AS aged_181_365_net,
    f.aged_over_365_net AS aged_over_365_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_parts_stock_snapshots AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_parts_stock_snapshots
    COMMENT COLUMN business_date 'Business date the snapshot was taken',
    COMMENT COLUMN month 'First day of the month the snapshot closes (one row per branch and month)',
    COMMENT COLUMN year 'Year of month',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN currency 'Currency of the values (the branch currency)',
    COMMENT COLUMN part_count 'Distinct parts in stock',
    COMMENT COLUMN total_quantity 'Quantity in stock',
    COMMENT COLUMN total_value_net 'Stock value at cost, net of tax (a state: sum over branches, never over months)',
    COMMENT COLUMN aged_0_90_net 'Value of stock aged 0–90 days',
    COMMENT COLUMN aged_91_180_net 'Value of stock aged 91–180 days',
    COMMENT COLUMN aged_181_365_net 'Value of stock aged 181–365 days',
    COMMENT COLUMN aged_over_365_net 'Value of stock aged over 365 days',
    COMMENT COLUMN occurred_at 'Instant of the snapshot event (UTC)',
    COMMENT COLUMN event_id 'Id of the snapshot event in force';

-- Inter-branch parts transfers at cost ('out' on the sender, 'in' on the receiver). Not revenue.
CREATE VIEW IF NOT EXISTS bi_parts_transfers AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.direction AS direction,
    f.counterparty_branch_id AS counterparty_branch_id,
    f.transfer_id AS transfer_id,
    f.line_count AS line_count,
    f.currency AS currency,
    f.value_net AS value_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_parts_transfers AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_parts_transfers
    COMMENT COLUMN business_date 'Business date of the dispatch (out) or receipt (in)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch the row belongs to (sender for out, receiver for in)',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'InterBranchTransferDispatched or InterBranchTransferReceived',
    COMMENT COLUMN direction 'out (sender) or in (receiver)',
    COMMENT COLUMN counterparty_branch_id 'The other branch of the transfer',
    COMMENT COLUMN transfer_id 'Transfer id (its out and in rows match on it)',
    COMMENT COLUMN line_count 'Lines in the transfer',
    COMMENT COLUMN currency 'Currency of value_net',
    COMMENT COLUMN value_net 'Value at cost, net of tax',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Branches with their validity.
CREATE VIEW IF NOT EXISTS bi_branches AS
SELECT
    toLowCardinality(branch_id) AS branch_id,
    name,
    currency,
    time_zone,
    valid_from AS opened_on,
    closed_on
FROM dim_branch;

ALTER TABLE bi_branches
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN name 'Branch name',
    COMMENT COLUMN currency 'Branch currency (the currency of its money columns)',
    COMMENT COLUMN time_zone 'IANA time zone of its business dates',
    COMMENT COLUMN opened_on 'First business day',
    COMMENT COLUMN closed_on 'Last business day (NULL: open)';

-- Branch → region with validity ranges [valid_from, valid_to).
CREATE VIEW IF NOT EXISTS bi_branch_regions AS
SELECT
    a.branch_id AS branch_id,
    a.region_id AS region_id,
    r.name AS region_name,
    a.valid_from AS valid_from,
    a.valid_to AS valid_to
FROM dim_branch_region AS a
LEFT JOIN dim_region AS r ON r.region_id = a.region_id;

ALTER TABLE bi_branch_regions
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region the branch belongs to from valid_from',
    COMMENT COLUMN region_name 'Current name of the region',
    COMMENT COLUMN valid_from 'First business date of the assignment',
    COMMENT COLUMN valid_to 'First business date of the next assignment (NULL: still in force)';

-- Monthly exchange rates (latest revision): group-currency units per unit of from_currency.
CREATE VIEW IF NOT EXISTS bi_exchange_rates AS
SELECT
    month,
    toYear(month) AS year,
    from_currency,
    to_currency,
    rate,
    version
FROM dim_exchange_rate;

ALTER TABLE bi_exchange_rates
    COMMENT COLUMN month 'First day of the month the rate applies to (join on the facts'' month)',
    COMMENT COLUMN year 'Year of month',
    COMMENT COLUMN from_currency 'Currency converted from (a branch currency)',
    COMMENT COLUMN to_currency 'Currency converted to (the group currency)',
    COMMENT COLUMN rate 'Units of to_currency per unit of from_currency',
    COMMENT COLUMN version 'Revision of the rate in force';
