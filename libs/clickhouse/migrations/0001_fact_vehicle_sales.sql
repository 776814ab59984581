-- Vehicle sales facts: one row per delivery (and, later, per return), at the branch's business date.
-- ReplacingMergeTree keyed by event id: a redelivered event lands on the same sort key and is
-- collapsed; every read goes through FINAL (or `SETTINGS final = 1`), so figures never double-count.
CREATE TABLE IF NOT EXISTS fact_vehicle_sales
(
    event_id        UUID,
    event_type      LowCardinality(String),
    branch_id       LowCardinality(String),
    business_date   Date,
    occurred_at     DateTime64(3, 'UTC'),
    vehicle_sale_id String,
    vin             String,
    model           String,
    revenue_stream  LowCardinality(String),
    currency        LowCardinality(String),
    units           Int32,
    revenue_net     Decimal(18, 2),
    revenue_tax     Decimal(18, 2),
    revenue_gross   Decimal(18, 2),
    cost_net        Decimal(18, 2),
    global_position UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
