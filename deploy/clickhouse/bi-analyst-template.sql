-- TEMPLATE, not to apply as is: how to add a BI analyst on a ClickHouse SERVER. The unit tests
-- parse it; the accounts below cannot log in (their password hash is all zeros).
--
-- To add an analyst:
-- 1. copy the block that fits (branch-scoped or region-scoped) into your own, untracked file;
-- 2. replace the user name, the password hash (`echo -n 'secret' | sha256sum`; or use LDAP/SSO:
--    IDENTIFIED WITH ldap SERVER '…') and the list of branch or region ids;
-- 3. apply it as an admin: clickhouse-client --multiquery < that-file.sql.
-- A granted role is a default role, so the analyst connects with the bi_readonly profile (user
-- and role both name it) and sees only the
-- rows of their branches or regions. A region-scoped analyst follows the region AS OF each
-- business date: after a branch moves, its earlier figures stay with the old region.
-- Head office: `GRANT bi_group_analyst TO <user>` instead of a row policy (sees every row).
-- To remove: DROP ROW POLICY <name> ON <the same views>; DROP USER <user>.
-- An analyst without a row policy sees NO rows of the branch views (bi-access.sql).

-- Branch-scoped analyst: the branches SH-01 and SH-02.
CREATE USER IF NOT EXISTS bi_analyst_sh
    IDENTIFIED WITH sha256_hash BY '0000000000000000000000000000000000000000000000000000000000000000'
    SETTINGS PROFILE 'bi_readonly';

GRANT bi_analyst TO bi_analyst_sh;

CREATE ROW POLICY IF NOT EXISTS bi_analyst_sh_branches ON
    bi.vehicle_sales, bi.service_revenue, bi.service_comebacks, bi.csi_responses,
    bi.sales_leads, bi.sales_test_drives, bi.sales_orders, bi.sales_collections,
    bi.parts_sales, bi.parts_purchases, bi.accessory_sales, bi.parts_stock_snapshots,
    bi.parts_transfers, bi.branches, bi.branch_regions
    AS PERMISSIVE FOR SELECT USING branch_id IN ('SH-01', 'SH-02') TO bi_analyst_sh;

-- Region-scoped analyst: the region EAST. bi.branches has no region_id, so its policy lists the
-- region's branches (a literal list: update it when a branch joins the region).
CREATE USER IF NOT EXISTS bi_analyst_east
    IDENTIFIED WITH sha256_hash BY '0000000000000000000000000000000000000000000000000000000000000000'
    SETTINGS PROFILE 'bi_readonly';

GRANT bi_analyst TO bi_analyst_east;

CREATE ROW POLICY IF NOT EXISTS bi_analyst_east_regions ON
    bi.vehicle_sales, bi.service_revenue, bi.service_comebacks, bi.csi_responses,
    bi.sales_leads, bi.sales_test_drives, bi.sales_orders, bi.sales_collections,
    bi.parts_sales, bi.parts_purchases, bi.accessory_sales, bi.parts_stock_snapshots,
    bi.parts_transfers, bi.branch_regions
    AS PERMISSIVE FOR SELECT USING region_id IN ('EAST') TO bi_analyst_east;

CREATE ROW POLICY IF NOT EXISTS bi_analyst_east_branches ON bi.branches
    AS PERMISSIVE FOR SELECT USING branch_id IN ('SH-01', 'SH-02') TO bi_analyst_east;
