-- Repair orders opened (issue #16 item 4: appointment share = ROs opened in the period that had an
-- appointment ÷ ROs opened, internal and PDI excluded). One row per RepairOrderOpened on the
-- business date of the opening, with the appointment the RO names (NULL when none) and the
-- customer (NULL when not identified). segment / kpi_included as in fact_service_revenue (0003).
-- A pure function of the event, deduplicated on event_id; read with FINAL. Empty until the
-- projector sees an RO opened: a rebuild (`npm run rebuild`) fills it for the history.
CREATE TABLE IF NOT EXISTS fact_service_repair_order_opens
(
    event_id         UUID,
    branch_id        LowCardinality(String),
    business_date    Date,
    occurred_at      DateTime64(3, 'UTC'),
    repair_order_id  String,
    intake_visit_id  String,
    advisor_id       String,
    job_type         LowCardinality(String),
    payer            LowCardinality(String),
    segment          LowCardinality(String),
    kpi_included     UInt8,
    appointment_id   Nullable(String),
    customer_id      Nullable(String),
    global_position  UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
