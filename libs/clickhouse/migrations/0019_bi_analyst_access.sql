-- Which rows each BI analyst may read (issue #17 item 5), as data the row policies read, so that a
-- branch moving to another region needs no DDL: the policies of deploy/clickhouse/bi-access.sql
-- filter with `IN (SELECT … FROM bi.analyst_scopes / bi.analyst_branches)`, and those views read
-- this table and the branch → region assignments that the projector keeps current.
--
-- bi_analyst_scopes is written by `npm run bi:access` (scripts/bi-access.ts) from the platform's
-- users in Postgres (role analyst: its regions and branches): each run inserts one generation (every
-- row with the same `generation`, in one INSERT, so it lands at once) and deletes the older ones.
-- Only the newest generation counts; a run with no scoped analyst still writes its marker row
-- (scope_kind 'generation'), so removing the last analyst takes effect.
-- ReplacingMergeTree: a run applied twice collapses onto itself, and every table of the read model
-- can be read with FINAL (the reliability suite snapshots them that way).
CREATE TABLE IF NOT EXISTS bi_analyst_scopes
(
    generation   UInt64 COMMENT 'Run of the generator (milliseconds since 1970); only the newest counts',
    analyst      String COMMENT 'ClickHouse user name of the analyst (currentUser())',
    scope_kind   LowCardinality(String) COMMENT 'region, branch, or generation (the marker row of a run)',
    scope_id     String COMMENT 'The region id or branch id granted',
    generated_at DateTime64(3, 'UTC') DEFAULT now64(3) COMMENT 'When the row was written (UTC)'
)
ENGINE = ReplacingMergeTree
ORDER BY (generation, analyst, scope_kind, scope_id);

-- The scopes in force: one row per analyst (ClickHouse user name) and region or branch granted.
CREATE VIEW IF NOT EXISTS bi_analyst_scopes_current AS
SELECT DISTINCT analyst, scope_kind, scope_id
FROM bi_analyst_scopes
WHERE generation = (SELECT max(generation) FROM bi_analyst_scopes) AND scope_kind IN ('region', 'branch');

ALTER TABLE bi_analyst_scopes_current
    COMMENT COLUMN analyst 'ClickHouse user name of the analyst (currentUser())',
    COMMENT COLUMN scope_kind 'region or branch',
    COMMENT COLUMN scope_id 'The region id or branch id granted';

-- The branches each analyst may see in the views without a region column (bi_branches, bi_people,
-- bi_dimension_values, targets of a branch): the branches granted, and every branch that belongs or
-- belonged to a region granted (from the projector's branch → region assignments, so a move is
-- followed without regenerating anything). Fact rows are filtered on their own region as of the
-- business date instead (bi-access.sql), so a region analyst sees a moved branch's figures up to
-- the move and the new region's analyst those from the move on.
CREATE VIEW IF NOT EXISTS bi_analyst_branches AS
SELECT
    analyst,
    branch_id,
    max(in_scope_now) AS in_scope_now
FROM
(
    SELECT analyst, scope_id AS branch_id, toUInt8(1) AS in_scope_now
    FROM bi_analyst_scopes_current
    WHERE scope_kind = 'branch'
    UNION ALL
    SELECT s.analyst AS analyst, toString(r.branch_id) AS branch_id, toUInt8(r.valid_to IS NULL) AS in_scope_now
    FROM bi_analyst_scopes_current AS s
    INNER JOIN dim_branch_region AS r ON toString(r.region_id) = s.scope_id
    WHERE s.scope_kind = 'region'
)
GROUP BY analyst, branch_id;

ALTER TABLE bi_analyst_branches
    COMMENT COLUMN analyst 'ClickHouse user name of the analyst (currentUser())',
    COMMENT COLUMN branch_id 'A branch the analyst may see',
    COMMENT COLUMN in_scope_now '1 if granted directly or its region now is one granted; 0 if it only belonged to a granted region before';
