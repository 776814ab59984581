-- Daily revenue for dashboards: day × branch × stream × currency (docs/adr/0007-exact-rollups.md).
-- Not a materialized view (a view that fires on insert would add a redelivered row before the
-- fact table's merge removes it). The projector refreshes it after each batch for the branches and
-- days the batch touched, recomputed from the deduplicated facts (FINAL).
-- The version is the number of fact rows behind the figure: facts only ever grow, so a refresh
-- that saw more facts wins whatever order refreshes land in, and refreshing the same facts again
-- writes the same row. Read with FINAL.
-- Streams: new_vehicle, used_vehicle (deliveries − returns), service_labour, service_parts,
-- service_sublet (repair orders closed − reopened; internal and PDI excluded), parts_counter
-- (counter sales − customer returns), accessories.
CREATE TABLE IF NOT EXISTS rollup_daily_revenue
(
    branch_id     LowCardinality(String),
    business_date Date,
    stream        LowCardinality(String),
    currency      LowCardinality(String),
    revenue_net   Decimal(38, 2),
    fact_rows     UInt64
)
ENGINE = ReplacingMergeTree(fact_rows)
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, stream, currency);
