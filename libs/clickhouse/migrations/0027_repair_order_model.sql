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

-- The BI view of the ROs opened (0018) with the model.
CREATE OR REPLACE VIEW bi_repair_order_opens AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.repair_order_id AS repair_order_id,
    f.intake_visit_id AS intake_visit_id,
    toLowCardinality(f.advisor_id) AS advisor_id,
    f.job_type AS job_type,
    f.payer AS payer,
    f.segment AS segment,
    f.kpi_included AS kpi_included,
    f.appointment_id AS appointment_id,
    toUInt8(f.appointment_id IS NOT NULL) AS has_appointment,
    f.customer_id AS customer_id,
    f.model AS model,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_service_repair_order_opens AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_repair_order_opens
    COMMENT COLUMN business_date 'Business date of the opening in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN repair_order_id 'Repair order id',
    COMMENT COLUMN intake_visit_id 'Intake visit (one visit may open several ROs)',
    COMMENT COLUMN advisor_id 'Service advisor who opened it (employee id)',
    COMMENT COLUMN job_type 'Job type',
    COMMENT COLUMN payer 'Who pays',
    COMMENT COLUMN segment 'insurance, customer or warranty; internal or pdi (excluded)',
    COMMENT COLUMN kpi_included '1 if the repair order counts in service KPIs',
    COMMENT COLUMN appointment_id 'The appointment it was booked under (NULL: none)',
    COMMENT COLUMN has_appointment '1 if it had an appointment',
    COMMENT COLUMN customer_id 'Customer (NULL: not identified)',
    COMMENT COLUMN model 'Vehicle model named at intake (empty: not known); its brand is in head office''s model catalogue as of business_date',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';
