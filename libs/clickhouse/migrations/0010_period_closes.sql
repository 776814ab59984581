-- Period closes (PeriodClosed, head office): a closed month's "as closed" figures are those of the
-- facts whose event was recorded before the close, i.e. whose global_position (the event store's
-- position) is below closed_position. Every fact table carries global_position, so "as closed"
-- is a filter, identical after a replay or a rebuild; "restated" is every fact.
-- A month is closed once (the command refuses a second close).
CREATE TABLE IF NOT EXISTS org_period_closes
(
    month           Date,
    period          LowCardinality(String),
    closed_at       DateTime64(3, 'UTC'),
    closed_position UInt64,
    reason          String,
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY month;

-- The closed months: as closed = facts with global_position < closed_position.
CREATE VIEW IF NOT EXISTS dim_period_close AS
SELECT month, period, closed_at, closed_position, reason
FROM org_period_closes FINAL;
