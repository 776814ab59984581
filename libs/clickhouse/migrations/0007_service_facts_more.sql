-- More workshop facts for the service and customer KPIs: labour lines (per-technician hours for
-- technician efficiency), warranty claim decisions (approval rate) and complaints (count and time
-- to resolve). Pure event → row projections in libs/projections/src/workshop/service-more.projection.ts;
-- the queries in libs/kpi/src/service/service-kpis-more.queries.ts.
--
-- Same rules as 0003: ReplacingMergeTree, sort key ending with the event id, every read FINAL,
-- money Decimal(18, 2) in the branch currency.

-- One row per LabourLinePosted, on the POSTING's business date. A line is not revenue when posted:
-- the query attributes it to the RO's closes (and reopen reversals) in fact_service_revenue — a
-- close with close_sequence s recognises every line of the RO posted before it (global_position
-- below the close's), the reopen reversing close s takes the same lines back. Corrections
-- (corrects_line_id) carry negative hours and simply add up.
CREATE TABLE IF NOT EXISTS fact_service_labour_lines
(
    event_id         UUID,
    branch_id        LowCardinality(String),
    business_date    Date,
    occurred_at      DateTime64(3, 'UTC'),
    repair_order_id  String,
    line_id          String,
    corrects_line_id Nullable(String),
    category         LowCardinality(String),
    technician_id    String,
    payer            LowCardinality(String),
    sold_hours       Decimal(18, 2),
    clocked_hours    Decimal(18, 2),
    currency         LowCardinality(String),
    amount_net       Decimal(18, 2),
    global_position  UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, repair_order_id, event_id);

-- One row per WarrantyClaimDecided, on the decision's business date.
-- approved_or_partial = 1 for decision approved or partially_approved.
CREATE TABLE IF NOT EXISTS fact_warranty_decisions
(
    event_id            UUID,
    branch_id           LowCardinality(String),
    business_date       Date,
    occurred_at         DateTime64(3, 'UTC'),
    warranty_claim_id   String,
    repair_order_id     String,
    decision            LowCardinality(String),
    approved_or_partial UInt8,
    currency            LowCardinality(String),
    claimed_net         Decimal(18, 2),
    approved_net        Decimal(18, 2),
    global_position     UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- One row per ComplaintLogged (event_type 'ComplaintLogged', on the logging's business date) and
-- per ComplaintResolved (event_type 'ComplaintResolved', on the resolution's business date).
-- ComplaintResolved carries loggedAt, so resolution_ms = occurredAt − loggedAt in milliseconds is
-- a pure function of the event (0 on logged rows); the mean in days is Σ resolution_ms ÷ (n × 86,400,000).
CREATE TABLE IF NOT EXISTS fact_complaints
(
    event_id         UUID,
    event_type       LowCardinality(String),
    branch_id        LowCardinality(String),
    business_date    Date,
    occurred_at      DateTime64(3, 'UTC'),
    complaint_id     String,
    kind             LowCardinality(String),
    channel          LowCardinality(String),
    logged_at        DateTime64(3, 'UTC'),
    resolution_ms    Int64,
    currency         LowCardinality(String),
    compensation_net Decimal(18, 2),
    global_position  UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
