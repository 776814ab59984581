-- Workshop (after-sales service) facts: repair-order revenue at close and its reversal at reopen,
-- comebacks charged to the original RO, and CSI survey responses. Pure event → row projections
-- live in libs/projections/src/workshop/; the service KPI queries in libs/kpi/src/service/.
--
-- Every table is a ReplacingMergeTree whose sort key ends with the event id: a redelivered or
-- replayed event lands on the same key and collapses. Every read goes through FINAL (or
-- `SETTINGS final = 1`). Money is Decimal(18, 2) in the branch currency; cast sums to
-- Decimal(38, 2) before multiplying by an exchange rate.

-- One row per RepairOrderClosed (sign +1, the totals at that close, on the close's business date)
-- and per RepairOrderReopened (sign −1, the reversed close's totals negated, on the REOPEN's
-- business date). close_business_date is the business date of the close the row recognises or
-- reverses: an RO counts as "closed in a period" when Σ sign over the rows whose business_date
-- AND close_business_date both fall in the period is positive (a close reopened in the same
-- period does not count; a close reopened in a later period still counts in its own).
--
-- segment: 'insurance' | 'customer' (customer repair & maintenance) | 'warranty' for KPI ROs;
-- 'internal' | 'pdi' with kpi_included = 0 for ROs excluded from service KPIs.
CREATE TABLE IF NOT EXISTS fact_service_revenue
(
    event_id                    UUID,
    event_type                  LowCardinality(String),
    branch_id                   LowCardinality(String),
    business_date               Date,
    occurred_at                 DateTime64(3, 'UTC'),
    close_business_date         Date,
    close_sequence              UInt32,
    sign                        Int8,
    repair_order_id             String,
    intake_visit_id             String,
    vin                         String,
    job_type                    LowCardinality(String),
    payer                       LowCardinality(String),
    segment                     LowCardinality(String),
    kpi_included                UInt8,
    advisor_id                  String,
    technician_ids              Array(String),
    comeback_of_repair_order_id Nullable(String),
    currency                    LowCardinality(String),
    labour_net                  Decimal(18, 2),
    labour_tax                  Decimal(18, 2),
    labour_gross                Decimal(18, 2),
    labour_mechanical_net       Decimal(18, 2),
    labour_body_net             Decimal(18, 2),
    labour_paint_net            Decimal(18, 2),
    parts_net                   Decimal(18, 2),
    parts_tax                   Decimal(18, 2),
    parts_gross                 Decimal(18, 2),
    parts_cost_net              Decimal(18, 2),
    sublet_net                  Decimal(18, 2),
    sublet_tax                  Decimal(18, 2),
    sublet_gross                Decimal(18, 2),
    total_net                   Decimal(18, 2),
    total_tax                   Decimal(18, 2),
    total_gross                 Decimal(18, 2),
    sold_hours                  Decimal(18, 2),
    clocked_hours               Decimal(18, 2),
    global_position             UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- One row per ComebackRegistered, charged to the ORIGINAL RO: branch_id is the original's branch
-- and business_date the business date of the original's (latest) close in that branch's calendar.
-- days_after_close = comeback RO's opening business date − original close business date; the
-- query counts the comeback when days_after_close <= W, the rework window in force on
-- business_date (dim_kpi_setting 'rework_window_days', default 30).
CREATE TABLE IF NOT EXISTS fact_service_comebacks
(
    event_id                  UUID,
    branch_id                 LowCardinality(String),
    business_date             Date,
    original_repair_order_id  String,
    original_closed_at        DateTime64(3, 'UTC'),
    original_job_type         LowCardinality(String),
    kpi_included              UInt8,
    original_technician_ids   Array(String),
    comeback_branch_id        LowCardinality(String),
    comeback_repair_order_id  String,
    comeback_opened_at        DateTime64(3, 'UTC'),
    comeback_opened_date      Date,
    days_after_close          Int32,
    occurred_at               DateTime64(3, 'UTC'),
    global_position           UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- One row per CsiSurveyResponded, in the period of the REFERENCED event (business_date = the
-- business date of referencedAt: the RO close for kind 'service', the delivery for 'sales'),
-- whenever the survey arrives (received_date). score = Σ weight × (answer − min) / (max − min) × 100
-- ÷ Σ weight, exact to 6 decimals (half-up). top_box = the overall answer is the top of its scale.
CREATE TABLE IF NOT EXISTS fact_csi_responses
(
    event_id         UUID,
    branch_id        LowCardinality(String),
    business_date    Date,
    referenced_at    DateTime64(3, 'UTC'),
    received_date    Date,
    occurred_at      DateTime64(3, 'UTC'),
    survey_id        String,
    kind             LowCardinality(String),
    source           LowCardinality(String),
    repair_order_id  Nullable(String),
    vehicle_sale_id  Nullable(String),
    answer_count     UInt16,
    score            Decimal(18, 6),
    overall_answer   Decimal(18, 3),
    overall_min      Decimal(18, 3),
    overall_max      Decimal(18, 3),
    top_box          UInt8,
    global_position  UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
