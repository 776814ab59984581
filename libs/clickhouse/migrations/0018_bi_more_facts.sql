-- More fact views for BI (issue #17 item 5): the facts that had no bi_* view (0006 predates them):
-- labour lines, warranty decisions, complaints, follow-up calls and repair-order openings. Same
-- shape as 0006: FINAL inside, business_date / month / year, branch_id and region_id as of the
-- business date, money Decimal(18, 2) in the branch currency, a comment on every column.

-- Labour lines (LabourLinePosted), on the POSTING's business date, one row per line or correction.
-- A line is not revenue when posted: the RO's close recognises it (bi_service_revenue). Sum
-- sold_hours ÷ clocked_hours per technician for efficiency; corrections carry negative hours.
CREATE VIEW IF NOT EXISTS bi_service_labour_lines AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.repair_order_id AS repair_order_id,
    f.line_id AS line_id,
    f.corrects_line_id AS corrects_line_id,
    f.category AS category,
    toLowCardinality(f.technician_id) AS technician_id,
    f.payer AS payer,
    f.currency AS currency,
    f.sold_hours AS sold_hours,
    f.clocked_hours AS clocked_hours,
    f.amount_net AS amount_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_service_labour_lines AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_service_labour_lines
    COMMENT COLUMN business_date 'Business date of the posting of the labour line in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN repair_order_id 'Repair order id',
    COMMENT COLUMN line_id 'Labour line id',
    COMMENT COLUMN corrects_line_id 'The line this one corrects (NULL: an original line)',
    COMMENT COLUMN category 'Labour category (mechanical, body, paint, …)',
    COMMENT COLUMN technician_id 'Technician on the line (employee id; bi_people)',
    COMMENT COLUMN payer 'Who pays the line',
    COMMENT COLUMN currency 'Currency of amount_net (the branch currency)',
    COMMENT COLUMN sold_hours 'Hours sold',
    COMMENT COLUMN clocked_hours 'Hours clocked by the technician',
    COMMENT COLUMN amount_net 'Labour amount net of tax',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Warranty claim decisions (WarrantyClaimDecided), on the decision's business date. Approval rate =
-- Σ approved_or_partial ÷ count() of the decisions of the period.
CREATE VIEW IF NOT EXISTS bi_warranty_decisions AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.warranty_claim_id AS warranty_claim_id,
    f.repair_order_id AS repair_order_id,
    f.decision AS decision,
    f.approved_or_partial AS approved_or_partial,
    f.currency AS currency,
    f.claimed_net AS claimed_net,
    f.approved_net AS approved_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_warranty_decisions AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_warranty_decisions
    COMMENT COLUMN business_date 'Business date of the decision in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN warranty_claim_id 'Warranty claim id',
    COMMENT COLUMN repair_order_id 'Repair order the claim is for',
    COMMENT COLUMN decision 'approved, partially_approved or rejected',
    COMMENT COLUMN approved_or_partial '1 if approved or partially approved',
    COMMENT COLUMN currency 'Currency of the money columns (the branch currency)',
    COMMENT COLUMN claimed_net 'Amount claimed net of tax',
    COMMENT COLUMN approved_net 'Amount approved net of tax',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Complaints: one row when logged and one when resolved (event_type), each on its own business date.
-- Mean time to resolve in days = Σ resolution_ms ÷ (count of resolved rows × 86,400,000).
CREATE VIEW IF NOT EXISTS bi_complaints AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.event_type AS event_type,
    f.complaint_id AS complaint_id,
    f.kind AS kind,
    f.channel AS channel,
    f.logged_at AS logged_at,
    f.resolution_ms AS resolution_ms,
    f.currency AS currency,
    f.compensation_net AS compensation_net,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_complaints AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_complaints
    COMMENT COLUMN business_date 'Business date of the logging (ComplaintLogged) or of the resolution (ComplaintResolved) in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN event_type 'ComplaintLogged or ComplaintResolved',
    COMMENT COLUMN complaint_id 'Complaint id',
    COMMENT COLUMN kind 'Complaint category',
    COMMENT COLUMN channel 'Channel it came through',
    COMMENT COLUMN logged_at 'When the complaint was logged (UTC)',
    COMMENT COLUMN resolution_ms 'Resolved rows: milliseconds from logging to resolution; 0 on logged rows',
    COMMENT COLUMN currency 'Currency of compensation_net (the branch currency)',
    COMMENT COLUMN compensation_net 'Compensation granted net of tax (resolved rows)',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Follow-up calls after closed repair orders (FollowUpCallCompleted), on the CALL's business date,
-- reached or not. The KPI follow_up_within_3_working_days needs the branch's working-day calendar
-- (computed by the engine, not in bi_kpi_month): use the reporting API for the figure; this view
-- is for call lists and counts.
CREATE VIEW IF NOT EXISTS bi_follow_up_calls AS
SELECT
    f.business_date AS business_date,
    toStartOfMonth(f.business_date) AS month,
    toYear(f.business_date) AS year,
    f.branch_id AS branch_id,
    toLowCardinality(ifNull(a.region_id, '')) AS region_id,
    f.follow_up_call_id AS follow_up_call_id,
    f.repair_order_id AS repair_order_id,
    f.repair_order_closed_at AS repair_order_closed_at,
    f.close_business_date AS close_business_date,
    toLowCardinality(f.caller_id) AS caller_id,
    f.reached AS reached,
    f.outcome AS outcome,
    f.occurred_at AS occurred_at,
    f.event_id AS event_id
FROM fact_follow_up_calls AS f FINAL
ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
    ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from;

ALTER TABLE bi_follow_up_calls
    COMMENT COLUMN business_date 'Business date of the call in the branch calendar (time zone and cut-off)',
    COMMENT COLUMN month 'First day of the month of business_date',
    COMMENT COLUMN year 'Year of business_date',
    COMMENT COLUMN branch_id 'Branch id',
    COMMENT COLUMN region_id 'Region of the branch on business_date (empty: no region yet)',
    COMMENT COLUMN follow_up_call_id 'Follow-up call id',
    COMMENT COLUMN repair_order_id 'Repair order the call follows up',
    COMMENT COLUMN repair_order_closed_at 'When that repair order was closed (UTC)',
    COMMENT COLUMN close_business_date 'Business date of that close',
    COMMENT COLUMN caller_id 'Who called (employee id)',
    COMMENT COLUMN reached '1 if the customer was reached',
    COMMENT COLUMN outcome 'Outcome of the call',
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';

-- Repair orders opened (RepairOrderOpened), on the opening's business date. Appointment share =
-- Σ has_appointment ÷ count() over kpi_included = 1 rows.
CREATE VIEW IF NOT EXISTS bi_repair_order_opens AS
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
    COMMENT COLUMN occurred_at 'Instant of the event (UTC)',
    COMMENT COLUMN event_id 'Id of the source event (one row per event)';
