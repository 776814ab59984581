-- The brand dimension (issue #16 item 2, docs/adr/0030-brand-dimension.md).
--
-- Head office's model catalogue (ModelBrandAssigned): one row per model × effective date, the brand
-- the model belongs to from that date on ('' = no brand). A later assignment with the same date
-- corrects the earlier one (ReplacingMergeTree on the position; read with FINAL). The brand of a
-- fact is the one in force for its model on its business date, an as-of join like the region's:
--
--   ASOF LEFT JOIN (SELECT model, valid_from, brand FROM org_model_brands FINAL) AS mb
--     ON mb.model = f.model AND f.business_date >= mb.valid_from
--
-- and a fact whose model has no brand then (never assigned, assigned later, or withdrawn) shows as
-- 'unassigned': if(mb.brand = '', 'unassigned', mb.brand). The facts carry no brand column, so this
-- migration needs no rebuild and the catalogue restates the facts of the dates it covers.
CREATE TABLE IF NOT EXISTS org_model_brands
(
    model           String,
    brand           String,
    valid_from      Date,
    assigned_at     DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (model, valid_from);

