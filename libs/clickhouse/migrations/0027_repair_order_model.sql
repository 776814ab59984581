-- The model of a repair order's vehicle (RepairOrderOpened v2, model; issue #16 item 2): the service
-- KPIs of an RO are cut by model and by the model's brand in head office's catalogue as of the RO's
-- opening (docs/adr/0030-brand-dimension.md, amendment). The engine reads both from this table,
-- joined on the RO (branch, repair order): the close and reopen rows of fact_service_revenue, the
-- comebacks, service surveys and warranty decisions name the RO, not its model.
--
-- '' = no model, as fact_sales_leads.model_of_interest: every v1 event and a v2 event without one (the
-- dealer system did not know it); its brand is 'unassigned'. The rows projected before this migration
-- are v1 events, whose value is '' whether projected now or replayed, so no rebuild is needed.
ALTER TABLE fact_service_repair_order_opens ADD COLUMN IF NOT EXISTS model String DEFAULT '' AFTER customer_id;
