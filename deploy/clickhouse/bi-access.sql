-- BI access on a ClickHouse SERVER (apply 1st, as an admin with access management; the embedded
-- engine refuses these statements, so the unit tests only check that they parse). Idempotent.
--   clickhouse-client --multiquery < deploy/clickhouse/bi-access.sql
-- Then bi-views.sql (the `bi` database), then one copy of bi-analyst-template.sql per analyst.
-- See docs/bi.md.

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
-- row policy, a user without a permissive policy on it sees NO rows: every analyst must be given
-- one (bi-analyst-template.sql), and head office gets this catch-all. The lookup views without a
-- branch (bi.exchange_rates, bi.projection_status) have no policy: every analyst sees all their rows.
CREATE ROW POLICY IF NOT EXISTS bi_all_rows ON
    bi.vehicle_sales, bi.service_revenue, bi.service_comebacks, bi.csi_responses,
    bi.sales_leads, bi.sales_test_drives, bi.sales_orders, bi.sales_collections,
    bi.parts_sales, bi.parts_purchases, bi.accessory_sales, bi.parts_stock_snapshots,
    bi.parts_transfers, bi.branches, bi.branch_regions
    AS PERMISSIVE FOR SELECT USING 1 TO bi_group_analyst;
