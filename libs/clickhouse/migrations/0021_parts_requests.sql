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

-- BI: the parts requests (deploy/clickhouse/bi-views.sql exposes it as bi.parts_requests). Same
-- shape as the fact views of 0006 and 0018: FINAL inside, business_date / month / year, the region
-- as of the business date. Fill rate of any cut = sum(served_in_full) ÷ count().
CREATE VIEW IF NOT EXISTS bi_parts_requests AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.channel AS channel,
    f.document_id AS document_id,
    f.customer_type AS customer_type,
    f.part_number AS part_number,
    f.genuine AS genuine,
    f.served_in_full AS served_in_full,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_parts_requests AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_parts_requests
    COMMENT COLUMN business_date 'Business date of the request in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'PartsSold (a counter sale line), PartsIssuedToRepairOrder (a part issued to an RO) or PartsBackOrdered (a miss)',
    COMMENT COLUMN channel 'counter (a parts counter customer) or workshop (a repair order)',
    COMMENT COLUMN document_id 'The counter sale, the repair order, or the counter back-order',
    COMMENT COLUMN customer_type 'Counter customer type (retail, quick_repair_shop, other_dealer); empty for a repair order',
    COMMENT COLUMN part_number 'Part number',
    COMMENT COLUMN genuine 'Genuine (OEM) part',
    COMMENT COLUMN served_in_full '1: served in full from stock at the first request; 0: back-ordered (a miss)',
    COMMENT COLUMN occurred_at 'When the request was recorded (UTC)',
    COMMENT COLUMN event_id 'The event behind the row';
