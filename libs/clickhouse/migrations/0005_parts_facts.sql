-- Parts facts (issue #5): counter sales and customer returns, receipts and supplier returns,
-- accessory sales, month-end stock snapshots and inter-branch transfers.
--
-- Flow tables are ReplacingMergeTrees whose sort key ends with (event_id, line_no); the other
-- columns are a pure function of the event line, so a redelivered or replayed event collapses
-- onto itself. The stock snapshot is a state keyed by (branch, month) (see below). Read with
-- FINAL (or SETTINGS final = 1). business_date is the branch's business date of the event.

-- Parts counter revenue: one row per line of a PartsSold (+) and of a PartsReturned from a
-- customer (−, on the return's own business date; the sale is not rewritten). A return carries
-- no customer type: customer_type = '' and original_document_id = the sale's id (join back to
-- the sale for its customer type). Parts issued to repair orders are workshop facts, never here.
CREATE TABLE IF NOT EXISTS fact_parts_sales
(
    event_id             UUID,
    line_no              UInt16,
    event_type           LowCardinality(String),
    branch_id            LowCardinality(String),
    business_date        Date,
    occurred_at          DateTime64(3, 'UTC'),
    document_id          String,
    original_document_id String,
    customer_type        LowCardinality(String),
    part_number          String,
    genuine              Bool,
    currency             LowCardinality(String),
    quantity             Decimal(18, 3),
    revenue_net          Decimal(18, 2),
    revenue_tax          Decimal(18, 2),
    revenue_gross        Decimal(18, 2),
    cost_net             Decimal(18, 2),
    global_position      UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id, line_no);

-- Purchases: one row per PartsReceived (+ cost) and per line of a PartsReturned to a supplier
-- (− the cost the supplier credited, on the return's own business date).
CREATE TABLE IF NOT EXISTS fact_parts_purchases
(
    event_id             UUID,
    line_no              UInt16,
    event_type           LowCardinality(String),
    branch_id            LowCardinality(String),
    business_date        Date,
    occurred_at          DateTime64(3, 'UTC'),
    document_id          String,
    original_document_id String,
    supplier_id          String,
    part_number          String,
    genuine              Bool,
    currency             LowCardinality(String),
    quantity             Decimal(18, 3),
    cost_net             Decimal(18, 2),
    cost_tax             Decimal(18, 2),
    cost_gross           Decimal(18, 2),
    global_position      UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id, line_no);

-- Accessory revenue: one row per AccessorySold (not parts counter revenue).
CREATE TABLE IF NOT EXISTS fact_accessory_sales
(
    event_id          UUID,
    branch_id         LowCardinality(String),
    business_date     Date,
    occurred_at       DateTime64(3, 'UTC'),
    accessory_sale_id String,
    accessory_code    String,
    vehicle_sale_id   Nullable(String),
    currency          LowCardinality(String),
    quantity          Decimal(18, 3),
    revenue_net       Decimal(18, 2),
    revenue_tax       Decimal(18, 2),
    revenue_gross     Decimal(18, 2),
    cost_net          Decimal(18, 2),
    global_position   UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);

-- Month-end stock: a STATE, one per branch and month (snapshot_month = the month's first day),
-- never summed over months. Keyed by (branch_id, snapshot_month) with the event's global position
-- as version: a redelivered snapshot collapses onto itself, a later snapshot of the same month
-- replaces the earlier one. Values at cost, net.
CREATE TABLE IF NOT EXISTS fact_parts_stock_snapshots
(
    branch_id            LowCardinality(String),
    snapshot_month       Date,
    event_id             UUID,
    business_date        Date,
    occurred_at          DateTime64(3, 'UTC'),
    currency             LowCardinality(String),
    part_count           UInt32,
    total_quantity       Decimal(18, 3),
    total_value_net      Decimal(18, 2),
    aged_0_90_net        Decimal(18, 2),
    aged_91_180_net      Decimal(18, 2),
    aged_181_365_net     Decimal(18, 2),
    aged_over_365_net    Decimal(18, 2),
    global_position      UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (branch_id, snapshot_month);

-- Inter-branch transfers: one row per InterBranchTransferDispatched (direction 'out', on the
-- sender) and InterBranchTransferReceived ('in', on the receiver), value at cost. Not revenue;
-- kept so consolidation can eliminate them (a group's in and out match per transfer_id).
CREATE TABLE IF NOT EXISTS fact_parts_transfers
(
    event_id               UUID,
    event_type             LowCardinality(String),
    direction              LowCardinality(String),
    branch_id              LowCardinality(String),
    counterparty_branch_id LowCardinality(String),
    business_date          Date,
    occurred_at            DateTime64(3, 'UTC'),
    transfer_id            String,
    line_count             UInt16,
    currency               LowCardinality(String),
    value_net              Decimal(18, 2),
    global_position        UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
