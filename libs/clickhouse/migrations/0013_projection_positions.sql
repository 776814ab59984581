-- How far the read model has got in the event store (issue #16 item 6, docs/adr/0018-as-of-marks.md).
--
-- projector_events: one row per event the projector has handed to the sink, written AFTER the
-- event's facts (and its roll-up keys) were acknowledged, in both modes (Kafka and embedded).
-- global_position is the store's position of the event (assigned by the append), recorded_at its
-- store time, projected_at when this row was written (the server's clock). A report's as-of mark
-- is the highest position here; a read that asks for a position (minPosition) waits until that
-- very event has a row. A redelivered event writes its row again (ReplacingMergeTree collapses them).
CREATE TABLE IF NOT EXISTS projector_events
(
    global_position UInt64,
    recorded_at     DateTime64(3, 'UTC'),
    projected_at    DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree
ORDER BY global_position;

-- rollup_positions: what a roll-up kept by rounds (rollup_kpi_month) has consumed. Each round of
-- the refresher reads the highest projector_events row first (position, its recorded_at, and
-- projected_upto = the latest projected_at it saw), then recomputes every pending range, then
-- writes this row: the roll-up includes every event projected at or before projected_upto.
CREATE TABLE IF NOT EXISTS rollup_positions
(
    rollup          LowCardinality(String),
    global_position UInt64,
    recorded_at     DateTime64(3, 'UTC'),
    projected_upto  DateTime64(6, 'UTC'),
    refreshed_at    DateTime64(6, 'UTC') DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(refreshed_at)
ORDER BY rollup;

-- For BI: how current the figures are. One row per read model: 'facts' (the fact tables and the
-- bi_* views over them) and 'kpi_month_rollup' (the KPI month roll-up of the pages).
CREATE VIEW IF NOT EXISTS bi_projection_status AS
SELECT
    toLowCardinality('facts') AS model,
    max(global_position) AS position,
    argMax(recorded_at, global_position) AS position_recorded_at,
    max(projected_at) AS updated_at
FROM projector_events
UNION ALL
SELECT
    toLowCardinality('kpi_month_rollup') AS model,
    argMax(global_position, refreshed_at) AS position,
    argMax(recorded_at, refreshed_at) AS position_recorded_at,
    max(refreshed_at) AS updated_at
FROM rollup_positions
WHERE rollup = 'rollup_kpi_month';

ALTER TABLE bi_projection_status
    COMMENT COLUMN model 'Read model: facts (the fact tables and bi_* views) or kpi_month_rollup (the month roll-up the pages read)',
    COMMENT COLUMN position 'Global position in the event store of the last event the model includes (0 = none yet)',
    COMMENT COLUMN position_recorded_at 'When that event was recorded in the store (UTC); now() minus this is the lag when the store is busy',
    COMMENT COLUMN updated_at 'When the model last moved (UTC)';
