-- The `bi` database on a ClickHouse SERVER (apply 2nd, after bi-access.sql, and again after a
-- migration adds or changes a `bi_*` view). Idempotent (CREATE OR REPLACE).
--   clickhouse-client --multiquery < deploy/clickhouse/bi-views.sql
--
-- Each `bi.<name>` is a thin view over the migration-managed `kpi.bi_<name>` view (FINAL, explicit
-- dates, as-of region, column comments; libs/clickhouse/migrations/0006_bi_views.sql), so the
-- logic lives in one place and runs on the embedded engine's tests too. SQL SECURITY DEFINER:
-- analysts need SELECT on `bi.*` only; row policies on these views filter what they see.
-- The application database is `kpi` (docker-compose); replace `kpi.` below if yours differs.
-- `SELECT *` fixes the column list when the view is created: re-apply after a migration changes one.

CREATE DATABASE IF NOT EXISTS bi COMMENT 'Documented BI views (docs/bi.md); read-only for the bi_analyst role';

CREATE OR REPLACE VIEW bi.vehicle_sales
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_vehicle_sales;

CREATE OR REPLACE VIEW bi.service_revenue
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_service_revenue;

CREATE OR REPLACE VIEW bi.service_comebacks
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_service_comebacks;

CREATE OR REPLACE VIEW bi.csi_responses
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_csi_responses;

CREATE OR REPLACE VIEW bi.sales_leads
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_sales_leads;

CREATE OR REPLACE VIEW bi.sales_test_drives
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_sales_test_drives;

CREATE OR REPLACE VIEW bi.sales_orders
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_sales_orders;

CREATE OR REPLACE VIEW bi.sales_collections
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_sales_collections;

CREATE OR REPLACE VIEW bi.parts_sales
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_parts_sales;

CREATE OR REPLACE VIEW bi.parts_purchases
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_parts_purchases;

CREATE OR REPLACE VIEW bi.accessory_sales
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_accessory_sales;

CREATE OR REPLACE VIEW bi.parts_stock_snapshots
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_parts_stock_snapshots;

CREATE OR REPLACE VIEW bi.parts_transfers
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_parts_transfers;

CREATE OR REPLACE VIEW bi.branches
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_branches;

CREATE OR REPLACE VIEW bi.branch_regions
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_branch_regions;

CREATE OR REPLACE VIEW bi.exchange_rates
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_exchange_rates;

-- How current the figures are: the last event the facts and the KPI month roll-up include (migration 0013).
CREATE OR REPLACE VIEW bi.projection_status
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_projection_status;

-- Every KPI per branch × month: numerator, denominator, value, as closed and restated, as-of position (migration 0017).
CREATE OR REPLACE VIEW bi.kpi_month
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_kpi_month;

-- The KPI catalogue: labels, unit, how to compute the value.
CREATE OR REPLACE VIEW bi.kpis
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_kpis;

-- Every target version, with the version in force.
CREATE OR REPLACE VIEW bi.targets
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_targets;

-- The closed months.
CREATE OR REPLACE VIEW bi.period_closes
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_period_closes;

-- Employee assignments (consultants, advisors, technicians) with validity.
CREATE OR REPLACE VIEW bi.people
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_people;

-- The values of the KPI engine's dimensions per branch.
CREATE OR REPLACE VIEW bi.dimension_values
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_dimension_values;

-- Labour lines (migration 0018).
CREATE OR REPLACE VIEW bi.service_labour_lines
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_service_labour_lines;

-- Warranty claim decisions.
CREATE OR REPLACE VIEW bi.warranty_decisions
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_warranty_decisions;

-- Complaints logged and resolved.
CREATE OR REPLACE VIEW bi.complaints
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_complaints;

-- Follow-up calls after closed repair orders.
CREATE OR REPLACE VIEW bi.follow_up_calls
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_follow_up_calls;

-- Repair orders opened.
CREATE OR REPLACE VIEW bi.repair_order_opens
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_repair_order_opens;

-- Parts requests: counter sale lines and RO issues served at once, and back-orders (the parts fill rate).
CREATE OR REPLACE VIEW bi.parts_requests
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_parts_requests;

-- Sales activities: calls and visits of sales consultants (sales activity against quota).
CREATE OR REPLACE VIEW bi.sales_activities
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_sales_activities;

-- The regions and branches of each scoped analyst (migration 0019; row policy: own rows only).
CREATE OR REPLACE VIEW bi.analyst_scopes_current
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_analyst_scopes_current;

-- The branches each scoped analyst may see (row policy: own rows only).
CREATE OR REPLACE VIEW bi.analyst_branches
DEFINER = bi_definer SQL SECURITY DEFINER
AS SELECT * FROM kpi.bi_analyst_branches;
