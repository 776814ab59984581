-- Sales funnel and collections facts (issue #5). Vehicle revenue, cost and units stay in
-- fact_vehicle_sales (0001): deliveries +, returns − on the return's business date.
--
-- Every table is a ReplacingMergeTree whose sort key ends with the event id; the other columns
-- are a pure function of the event, so a redelivered or replayed event collapses onto itself.
-- Read with FINAL (or SETTINGS final = 1). business_date is the branch's business date of the
-- event (its time zone and cut-off).

-- One row per LeadCreated: the lead count and the base of lead → order conversion.
CREATE TABLE IF NOT EXISTS fact_sales_leads
(
    event_id          UUID,
    branch_id         LowCardinality(String),
    business_date     Date,
    occurred_at       DateTime64(3, 'UTC'),
    lead_id           String,
    source            LowCardinality(String),
    segment           LowCardinality(String),
    consultant_id     String,
    model_of_interest String,
    global_position   UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- One row per TestDriveCompleted.
CREATE TABLE IF NOT EXISTS fact_sales_test_drives
(
    event_id        UUID,
    branch_id       LowCardinality(String),
    business_date   Date,
    occurred_at     DateTime64(3, 'UTC'),
    lead_id         String,
    model           String,
    consultant_id   String,
    global_position UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- Order movements: one row per OrderSigned (orders_signed = 1) and per OrderCancelled
-- (orders_cancelled = 1), each on its own business date. Orders are never revenue.
-- A cancellation carries no lead, model or price ('' / 0.00 / NULL).
CREATE TABLE IF NOT EXISTS fact_sales_orders
(
    event_id                UUID,
    event_type              LowCardinality(String),
    branch_id               LowCardinality(String),
    business_date           Date,
    occurred_at             DateTime64(3, 'UTC'),
    vehicle_sale_id         String,
    order_id                String,
    lead_id                 Nullable(String),
    model                   String,
    vehicle_condition       LowCardinality(String),
    finance                 LowCardinality(String),
    consultant_id           String,
    currency                LowCardinality(String),
    transaction_price_net   Decimal(18, 2),
    orders_signed           UInt8,
    orders_cancelled        UInt8,
    cancel_reason           String,
    global_position         UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- Collections (回款): one row per PaymentReceived on its business date. Deposit, balance and loan
-- payouts are positive; a refund is negative. Never revenue.
CREATE TABLE IF NOT EXISTS fact_sales_collections
(
    event_id        UUID,
    branch_id       LowCardinality(String),
    business_date   Date,
    occurred_at     DateTime64(3, 'UTC'),
    vehicle_sale_id String,
    order_id        Nullable(String),
    kind            LowCardinality(String),
    currency        LowCardinality(String),
    amount_net      Decimal(18, 2),
    amount_tax      Decimal(18, 2),
    amount_gross    Decimal(18, 2),
    global_position UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
