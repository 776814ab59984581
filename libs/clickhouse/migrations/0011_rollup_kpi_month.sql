-- Every measured KPI's components per branch × month, in both views (docs/adr/0014-kpi-month-rollup.md):
-- what the month-grain pages read instead of the facts. The projector recomputes, after each batch,
-- the months and branches the batch touched from the deduplicated facts, with the KPI engine's own
-- SQL (libs/kpi/src/engine/kpi-rollup.ts). Read with FINAL.
-- view: 'restated' (every fact) or 'as_closed' (a closed month's facts recorded before its close).
-- region_id: the branch's region on the facts' dates ('' before any assignment); a month in which
-- a branch moved has one row per region.
-- version: when the recompute ran (nanoseconds, never below an earlier version): the latest wins.
-- A key a recompute no longer yields (a region assignment moved its facts) gets a row with
-- is_deleted = 1 at the recompute's version, which FINAL leaves out.
CREATE TABLE IF NOT EXISTS rollup_kpi_month
(
    kpi        LowCardinality(String),
    view       LowCardinality(String),
    branch_id  LowCardinality(String),
    month      Date,
    region_id  LowCardinality(String),
    currency   LowCardinality(String),
    num        Decimal(38, 4),
    den        Decimal(38, 4),
    version    UInt64,
    is_deleted UInt8
)
ENGINE = ReplacingMergeTree(version, is_deleted)
ORDER BY (kpi, view, month, branch_id, region_id, currency);

-- The definition (a hash of its SQL) each roll-up was last computed with in full. A roll-up whose
-- stored definition differs from the code's is recomputed when the projector starts, and until
-- then the KPI engine reads the facts.
CREATE TABLE IF NOT EXISTS rollup_definitions
(
    rollup          LowCardinality(String),
    definition_hash String,
    built_at        DateTime64(3, 'UTC')
)
ENGINE = ReplacingMergeTree(built_at)
ORDER BY rollup;

-- The months × branches of rollup_kpi_month waiting for a recompute. The projector writes a row
-- with the facts of each batch, before the batch's offsets move; a refresher recomputes every range
-- it sees and then marks those rows done (is_deleted = 1). A range whose row was seen was written
-- after its facts, so the recompute reads them; a crash in between leaves the row for the next round.
-- branches: empty = every branch. Done rows older than 30 days are dropped (merges have long since
-- folded each id's pending row into its done row by then).
CREATE TABLE IF NOT EXISTS rollup_kpi_pending
(
    id         UUID,
    month_from Date,
    month_to   Date,
    branches   Array(String),
    marked_at  DateTime64(3, 'UTC'),
    done       UInt8,
    is_deleted UInt8
)
ENGINE = ReplacingMergeTree(done, is_deleted)
ORDER BY id
TTL toDateTime(marked_at) + INTERVAL 30 DAY DELETE WHERE done = 1;
