-- Territory credit (issue #16 item 2, docs/adr/0029-territory-credit.md): "a deal closed in another
-- territory is credited to the territory owner".
--
-- A delivery (VehicleDelivered v2) may name the customer's market area (customerArea); its return
-- (VehicleReturned v2) carries the same area. The column is a pure function of the event like every
-- other one ('' when the event names none, and on rows projected before this migration), so a
-- redelivered or replayed event still collapses onto its row.
ALTER TABLE fact_vehicle_sales ADD COLUMN IF NOT EXISTS customer_area String DEFAULT '' AFTER customer_id;

-- Head office's territory map (TerritoryAssigned): one row per area × effective date, the branch
-- owning the area from that date on ('' = no branch). A later assignment with the same date
-- corrects the earlier one (ReplacingMergeTree on the position; read with FINAL). The owner of a
-- deal is the one in force on the deal's business date, an as-of join like the region's:
--
--   ASOF LEFT JOIN (SELECT area, valid_from, branch_id AS owner_id FROM org_territory_assignments FINAL) AS ta
--     ON ta.area = f.customer_area AND f.business_date >= ta.valid_from
--
-- and the credited branch is if(ta.owner_id = '', f.branch_id, ta.owner_id).
CREATE TABLE IF NOT EXISTS org_territory_assignments
(
    area            String,
    branch_id       LowCardinality(String),
    valid_from      Date,
    assigned_at     DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (area, valid_from);
