-- BI access on a ClickHouse SERVER (apply 1st, as an admin with access management; the embedded
-- engine refuses these statements, so the unit tests only check that they parse). Idempotent.
--   clickhouse-client --multiquery < deploy/clickhouse/bi-access.sql
-- Then bi-views.sql (the `bi` database), then the analysts: `npm run bi:access` (scripts/bi-access.ts)
-- generates their users, roles and scopes from the platform's users. See docs/bi.md.

-- The read-only profile. readonly = 2: SELECT and SET only (no INSERT, DDL, ALTER), but tools may
-- change session settings, which most BI drivers do on connect. The constraints bound what they
-- may set:
-- * readonly MIN 1 MAX 2: a tool may tighten to 1 but never loosen to 0 (which would allow
--   writes). Not CONST, because some drivers send readonly = 1 themselves and CONST would fail
--   their connection;
-- * max_execution_time, max_memory_usage, max_result_rows, max_threads: defaults with a MAX, so a
--   dashboard can ask for less or a little more, never enough to starve the projector;
-- * allow_ddl, allow_introspection_functions CONST 0: no DDL and no peeking at server internals
--   even if readonly were misconfigured;
-- * the `bi` views already read FINAL; `final` is left changeable (it is harmless: 1 = more dedup).
CREATE SETTINGS PROFILE IF NOT EXISTS bi_readonly SETTINGS
    readonly = 2 MIN 1 MAX 2,
    max_execution_time = 60 MAX 300,
    max_memory_usage = 4000000000 MAX 10000000000,
    max_result_rows = 1000000 MAX 10000000,
    result_overflow_mode = 'throw',
    max_threads = 8 MAX 16,
    allow_ddl = 0 CONST,
    allow_introspection_functions = 0 CONST;

-- The role analysts get: SELECT on the documented `bi` views only. The views run with SQL
-- SECURITY DEFINER as bi_definer (bi-views.sql), so analysts need no grant on the facts.
CREATE ROLE IF NOT EXISTS bi_analyst SETTINGS PROFILE 'bi_readonly';

GRANT SELECT ON bi.* TO bi_analyst;

-- Head-office analysts who see every branch: the role that the catch-all row policy names.
CREATE ROLE IF NOT EXISTS bi_group_analyst;

GRANT bi_analyst TO bi_group_analyst;

-- The definer of the `bi` views: reads the `bi_*` views of the application database (`kpi` in
-- docker-compose; change it below and in bi-views.sql if yours differs). It cannot log in.
CREATE USER IF NOT EXISTS bi_definer IDENTIFIED WITH no_password HOST NONE;

GRANT SELECT ON kpi.* TO bi_definer;

-- Row policies are on the `bi` views (the definer reads the facts unfiltered). Once a view has ANY
-- row policy, a user without a permissive policy on it sees NO rows. Permissive policies add up
-- (OR): head office (bi_group_analyst, which also has bi_analyst) gets the catch-all and sees
-- everything; every other analyst sees what the scopes allow. The views without a branch
-- (bi.kpis, bi.exchange_rates, bi.period_closes, bi.projection_status) have no policy: every analyst
-- sees all their rows. CREATE OR REPLACE: re-applying this file brings the policies up to date.
CREATE ROW POLICY OR REPLACE bi_all_rows ON
    bi.vehicle_sales, bi.service_revenue, bi.service_comebacks, bi.csi_responses,
    bi.sales_leads, bi.sales_test_drives, bi.sales_orders, bi.sales_collections,
    bi.parts_sales, bi.parts_purchases, bi.accessory_sales, bi.parts_stock_snapshots,
    bi.parts_transfers, bi.service_labour_lines, bi.warranty_decisions, bi.complaints,
    bi.follow_up_calls, bi.repair_order_opens, bi.parts_requests, bi.sales_activities, bi.kpi_month,
    bi.branches, bi.branch_regions, bi.targets, bi.people, bi.dimension_values,
    bi.analyst_scopes_current, bi.analyst_branches
    AS PERMISSIVE FOR SELECT USING 1 TO bi_group_analyst;

-- Scoped analysts. The policies read the analysts' regions and branches from data, not from
-- literals: bi.analyst_scopes_current (written by `npm run bi:access` from the platform's users) and
-- bi.analyst_branches (those scopes joined with the branch → region assignments the projector keeps
-- current). So a branch moving to another region changes what each analyst sees without any DDL.
-- ClickHouse evaluates `IN (subquery)` in a row policy condition (fixed in 22.11, ClickHouse PR
-- #42562, with an integration test in tests/integration/test_row_policy); currentUser() is the
-- analyst who runs the query. Only parse-checked here: see docs/bi.md for what to verify on a server.
--
-- Fact views, the KPI month view: a row is visible when its region AS OF ITS BUSINESS DATE is one of
-- the analyst's regions, or its branch one of the analyst's branches. After a branch moves, the old
-- region's analysts keep its figures up to the move, the new region's analysts see them from it on.
CREATE ROW POLICY OR REPLACE bi_scoped_rows ON
    bi.vehicle_sales, bi.service_revenue, bi.service_comebacks, bi.csi_responses,
    bi.sales_leads, bi.sales_test_drives, bi.sales_orders, bi.sales_collections,
    bi.parts_sales, bi.parts_purchases, bi.accessory_sales, bi.parts_stock_snapshots,
    bi.parts_transfers, bi.service_labour_lines, bi.warranty_decisions, bi.complaints,
    bi.follow_up_calls, bi.repair_order_opens, bi.parts_requests, bi.sales_activities, bi.kpi_month
    AS PERMISSIVE FOR SELECT USING
        region_id IN (SELECT scope_id FROM bi.analyst_scopes_current WHERE analyst = currentUser() AND scope_kind = 'region')
        OR branch_id IN (SELECT scope_id FROM bi.analyst_scopes_current WHERE analyst = currentUser() AND scope_kind = 'branch')
    TO bi_analyst;

-- Branch assignments and targets: a region row of the analyst's regions, or a row of a branch the
-- analyst may see (granted, or in / formerly in one of their regions).
CREATE ROW POLICY OR REPLACE bi_scoped_lookups ON
    bi.branch_regions, bi.targets
    AS PERMISSIVE FOR SELECT USING
        region_id IN (SELECT scope_id FROM bi.analyst_scopes_current WHERE analyst = currentUser() AND scope_kind = 'region')
        OR branch_id IN (SELECT branch_id FROM bi.analyst_branches WHERE analyst = currentUser())
    TO bi_analyst;

-- Views with a branch and no region: the branches the analyst may see.
CREATE ROW POLICY OR REPLACE bi_scoped_branches ON
    bi.branches, bi.people, bi.dimension_values
    AS PERMISSIVE FOR SELECT USING
        branch_id IN (SELECT branch_id FROM bi.analyst_branches WHERE analyst = currentUser())
    TO bi_analyst;

-- Each analyst sees their own scopes only (no other analyst's names or grants).
CREATE ROW POLICY OR REPLACE bi_own_scopes ON
    bi.analyst_scopes_current, bi.analyst_branches
    AS PERMISSIVE FOR SELECT USING analyst = currentUser()
    TO bi_analyst;
