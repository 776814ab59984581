-- Parts requests (issue #16 item 4: parts fill rate = order lines served in full from stock at the
-- first request ÷ order lines requested, counter sales and repair-order issues; a back-order is a
-- miss). One row per request line, on the business date of the request:
--   PartsSold line without backOrderId               → channel 'counter',  served_in_full 1
--   PartsIssuedToRepairOrder (quantity > 0), without backOrderId → channel 'workshop', served_in_full 1
--   PartsBackOrdered                                 → its channel,        served_in_full 0
-- A sale line or an issue that names a back-order is the late delivery of a request already
-- counted (as a miss), so it has no row; a return to stores (negative issue) is no request.
-- A pure function of the event line, deduplicated on (event_id, line_no); read with FINAL.
-- Empty for the history before this migration until a rebuild (`npm run rebuild`) replays it.
CREATE TABLE IF NOT EXISTS fact_parts_requests
(
    event_id         UUID,
    line_no          UInt16,
    event_type       LowCardinality(String),
    branch_id        LowCardinality(String),
    business_date    Date,
    occurred_at      DateTime64(3, 'UTC'),
    channel          LowCardinality(String),
    document_id      String,
    customer_type    LowCardinality(String),
    part_number      String,
    genuine          Bool,
    served_in_full   UInt8,
    global_position  UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id, line_no);
