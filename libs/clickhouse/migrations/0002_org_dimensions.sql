-- Head-office data (issue #4): branches, regions, branch → region and employee assignments with
-- validity ranges, targets (every version), monthly exchange rates, holiday calendars, KPI settings.
--
-- The org_* tables hold one row per event (the projections in libs/projections/src/org/ are pure
-- event → row functions). They are ReplacingMergeTrees whose sort key is the thing the event
-- describes and whose version is the event's global position: a redelivered event collapses onto
-- itself, a correction (a later event for the same key) replaces the earlier row. Read them with
-- FINAL. The dim_* views are the documented interface: they add the validity ranges and pick the
-- version in force.
--
-- Validity ranges are half-open, [valid_from, valid_to), in business dates; valid_to NULL = still
-- in force. Attribute a fact to the region of its business date (as-of) with an ASOF JOIN on the
-- assignments table:
--
--   SELECT f.*, a.region_id
--     FROM fact_vehicle_sales AS f FINAL
--     ASOF LEFT JOIN (SELECT branch_id, valid_from, region_id FROM org_branch_region_assignments FINAL) AS a
--       ON f.branch_id = a.branch_id AND f.business_date >= a.valid_from
--
-- (region_id '' = the branch had no region yet on that date). Employees: the same with
-- org_employee_assignments on employee_id. Today's structure (a "restated" view) is
-- dim_branch_region WHERE valid_to IS NULL, never the default.

CREATE TABLE IF NOT EXISTS org_branches
(
    branch_id       LowCardinality(String),
    name            String,
    brands          Array(String),
    currency        LowCardinality(String),
    time_zone       LowCardinality(String),
    cutoff_minutes  UInt16,
    opened_on       Date,
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY branch_id;

-- closed_on is the branch's last business day.
CREATE TABLE IF NOT EXISTS org_branch_closures
(
    branch_id       LowCardinality(String),
    closed_on       Date,
    reason          String,
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY branch_id;

-- One row per branch: its attributes and its validity [opened_on, closed_on + 1).
CREATE VIEW IF NOT EXISTS dim_branch AS
SELECT
    b.branch_id AS branch_id,
    b.name AS name,
    b.brands AS brands,
    b.currency AS currency,
    b.time_zone AS time_zone,
    b.cutoff_minutes AS cutoff_minutes,
    b.opened_on AS valid_from,
    c.closed_on AS closed_on,
    c.closed_on + 1 AS valid_to
FROM org_branches AS b FINAL
LEFT JOIN
(
    SELECT branch_id, toNullable(closed_on) AS closed_on FROM org_branch_closures FINAL
) AS c ON b.branch_id = c.branch_id;

CREATE TABLE IF NOT EXISTS org_regions
(
    region_id       LowCardinality(String),
    name            String,
    defined_at      DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY region_id;

-- The current name of each region.
CREATE VIEW IF NOT EXISTS dim_region AS
SELECT region_id, name FROM org_regions FINAL;

-- One row per (branch, effective date); a later assignment at the same date corrects it.
CREATE TABLE IF NOT EXISTS org_branch_region_assignments
(
    branch_id       LowCardinality(String),
    region_id       LowCardinality(String),
    valid_from      Date,
    assigned_at     DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (branch_id, valid_from);

-- The branch → region dimension with validity ranges: the region a branch belonged to on a date d
-- is the row with valid_from <= d AND (valid_to IS NULL OR d < valid_to).
CREATE VIEW IF NOT EXISTS dim_branch_region AS
SELECT
    branch_id,
    region_id,
    valid_from,
    anyOrNull(valid_from) OVER (PARTITION BY branch_id ORDER BY valid_from ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS valid_to
FROM org_branch_region_assignments FINAL;

CREATE TABLE IF NOT EXISTS org_employee_assignments
(
    employee_id     String,
    branch_id       LowCardinality(String),
    department      LowCardinality(String),
    role            LowCardinality(String),
    valid_from      Date,
    assigned_at     DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (employee_id, valid_from);

-- Employee → branch, department and role, with validity ranges (as dim_branch_region).
CREATE VIEW IF NOT EXISTS dim_employee AS
SELECT
    employee_id,
    branch_id,
    department,
    role,
    valid_from,
    anyOrNull(valid_from) OVER (PARTITION BY employee_id ORDER BY valid_from ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS valid_to
FROM org_employee_assignments FINAL;

-- Every version of every target cell (kpi × period × grain × grain_id × model × segment × kind).
-- model and segment '' = all models / segments. grain_id: 'group', a region id, a branch id,
-- '<branch_id>:<department>' or an employee id. period_start/period_end (inclusive) span the period.
CREATE TABLE IF NOT EXISTS org_targets
(
    kpi                LowCardinality(String),
    period_kind        LowCardinality(String),
    period             LowCardinality(String),
    period_start       Date,
    period_end         Date,
    grain              LowCardinality(String),
    grain_id           String,
    model              String,
    segment            LowCardinality(String),
    kind               LowCardinality(String),
    version            UInt32,
    supersedes_version Nullable(UInt32),
    value              Decimal(38, 6),
    unit               LowCardinality(String),
    reason             String,
    decided_at         DateTime64(3, 'UTC'),
    event_type         LowCardinality(String),
    event_id           UUID,
    global_position    UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (kpi, period, grain, grain_id, model, segment, kind, version);

-- The version in force of each cell (the highest), with its number: report against it and say which.
CREATE VIEW IF NOT EXISTS dim_target AS
SELECT *
FROM org_targets FINAL
ORDER BY version DESC
LIMIT 1 BY kpi, period, grain, grain_id, model, segment, kind;

-- The version that was in force at an instant, e.g. when a period was closed:
--   SELECT * FROM dim_target_as_of(as_of = '2026-12-31 23:59:59')
CREATE VIEW IF NOT EXISTS dim_target_as_of AS
SELECT *
FROM org_targets FINAL
WHERE decided_at <= {as_of:DateTime64(3, 'UTC')}
ORDER BY version DESC
LIMIT 1 BY kpi, period, grain, grain_id, model, segment, kind;

-- Every revision of every month's rate (month = its first day): rate units of to_currency (the
-- group currency) per unit of from_currency.
CREATE TABLE IF NOT EXISTS org_exchange_rates
(
    month           Date,
    from_currency   LowCardinality(String),
    to_currency     LowCardinality(String),
    rate            Decimal(18, 8),
    version         UInt32,
    decided_at      DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (from_currency, to_currency, month, version);

-- The latest revision of each month's rate. Consolidate money at the rate of the business date's
-- month: JOIN dim_exchange_rate AS r ON r.from_currency = f.currency
--   AND r.month = toStartOfMonth(f.business_date) AND r.to_currency = <group currency>
-- (money already in the group currency needs no rate).
CREATE VIEW IF NOT EXISTS dim_exchange_rate AS
SELECT month, from_currency, to_currency, rate, version, decided_at
FROM org_exchange_rates FINAL
ORDER BY version DESC
LIMIT 1 BY from_currency, to_currency, month;

-- Every version of every calendar (scope 'group' | 'region' | 'branch', scope_id 'group', a region
-- id or a branch id; one calendar per scope and year).
CREATE TABLE IF NOT EXISTS org_holiday_calendars
(
    scope              LowCardinality(String),
    scope_id           String,
    year               UInt16,
    version            UInt32,
    holidays           Array(Date),
    extra_working_days Array(Date),
    decided_at         DateTime64(3, 'UTC'),
    event_id           UUID,
    global_position    UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (scope, scope_id, year, version);

-- The days of the calendars in force: day_kind 'holiday' (a day off) or 'working_day' (a weekend
-- day that is worked). A date is a working day for a branch when the first calendar with an entry
-- for it, in the order branch → its region on that date → group, says 'working_day', or when none
-- has an entry and it is a Monday to Friday. A scope without a calendar for the year falls through.
CREATE VIEW IF NOT EXISTS dim_holiday_calendar AS
SELECT
    scope,
    scope_id,
    year,
    version,
    tupleElement(day, 1) AS date,
    tupleElement(day, 2) AS day_kind
FROM
(
    SELECT scope, scope_id, year, version, holidays, extra_working_days
    FROM org_holiday_calendars FINAL
    ORDER BY version DESC
    LIMIT 1 BY scope, scope_id, year
)
ARRAY JOIN arrayConcat(arrayMap(d -> (d, 'holiday'), holidays), arrayMap(d -> (d, 'working_day'), extra_working_days)) AS day;

-- One value per (key, effective date); a later change at the same date corrects it.
CREATE TABLE IF NOT EXISTS org_kpi_settings
(
    key             LowCardinality(String),
    value           String,
    valid_from      Date,
    decided_at      DateTime64(3, 'UTC'),
    event_id        UUID,
    global_position UInt64
)
ENGINE = ReplacingMergeTree(global_position)
ORDER BY (key, valid_from);

-- The defaults (libs/org KPI_SETTINGS), in force until head office changes them: version 0, so
-- any KpiSettingChanged wins.
INSERT INTO org_kpi_settings (key, value, valid_from, decided_at, event_id, global_position) VALUES
    ('rework_window_days', '30', '1970-01-01', '1970-01-01 00:00:00.000', '00000000-0000-0000-0000-000000000000', 0),
    ('follow_up_working_days', '3', '1970-01-01', '1970-01-01 00:00:00.000', '00000000-0000-0000-0000-000000000000', 0),
    ('group_currency', 'CNY', '1970-01-01', '1970-01-01 00:00:00.000', '00000000-0000-0000-0000-000000000000', 0);

-- Each setting with its validity ranges: the value in force on date d is the row with
-- valid_from <= d AND (valid_to IS NULL OR d < valid_to).
CREATE VIEW IF NOT EXISTS dim_kpi_setting AS
SELECT
    key,
    value,
    valid_from,
    anyOrNull(valid_from) OVER (PARTITION BY key ORDER BY valid_from ASC ROWS BETWEEN 1 FOLLOWING AND 1 FOLLOWING) AS valid_to
FROM org_kpi_settings FINAL;
