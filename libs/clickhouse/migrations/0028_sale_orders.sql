-- The order each vehicle sale fulfils, for the sales dimensions (issue #16 item 2; docs/performance.md
-- "Queries: the breakdowns' order join").
--
-- A delivery, a return, a payment or a sales survey is broken down by the consultant, finance, lead
-- (source, segment), model and brand of the order it fulfils: the sale's latest OrderSigned (by store
-- position). Until now every such breakdown aggregated the branch's whole order history
-- (argMax over fact_sales_orders) in each read; this table keeps one row per vehicle sale and order
-- signing, sorted by (branch_id, vehicle_sale_id), and FINAL keeps the one with the highest position,
-- the same row the argMax picked:
--
--   LEFT JOIN (SELECT branch_id, vehicle_sale_id, consultant_id, … FROM dim_sale_orders FINAL) AS o
--     ON o.branch_id = f.branch_id AND o.vehicle_sale_id = f.vehicle_sale_id
--
-- The projector writes it from OrderSigned (libs/projections/src/sales/sales-facts.projection.ts);
-- the rows already projected are copied from fact_sales_orders below, so no rebuild is needed.
CREATE TABLE IF NOT EXISTS dim_sale_orders
(
    branch_id       LowCardinality(String),
    vehicle_sale_id String,
    order_id        String,
    consultant_id   String,
    finance         LowCardinality(String),
    lead_id         String,
    model           String,
    signed_on       Date,
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (branch_id, vehicle_sale_id);

INSERT INTO dim_sale_orders (branch_id, vehicle_sale_id, order_id, consultant_id, finance, lead_id, model, signed_on, event_id, global_position)
SELECT branch_id, vehicle_sale_id, order_id, consultant_id, finance, ifNull(lead_id, ''), model, business_date, event_id, global_position
  FROM fact_sales_orders FINAL
 WHERE event_type = 'OrderSigned';
