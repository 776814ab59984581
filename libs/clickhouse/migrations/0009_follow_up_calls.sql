-- Follow-up calls after closed repair orders (KPI follow_up_within_3_working_days, issue #5).
-- Pure event → row projection in libs/projections/src/workshop/follow-up.projection.ts; the query in
-- libs/kpi/src/service/follow-up.queries.ts.
--
-- One row per FollowUpCallCompleted, on the CALL's business date in the branch calendar, reached or
-- not. close_business_date is the business date of the RO close the call refers to
-- (repairOrderClosedAt). The query counts a closed RO (the closed-RO set of the other service KPIs,
-- internal and PDI excluded) when a reached call of the same branch and RO falls on or after its
-- close date and no later than N working days after it: N is the 'follow_up_working_days' setting
-- in force on the close date (dim_kpi_setting, default 3), working days those of the branch's
-- calendar (dim_holiday_calendar: branch, then its region on the date, then group; Monday to Friday
-- unless listed). Same rules as 0003: ReplacingMergeTree, sort key ending with the event id, every
-- read FINAL.
CREATE TABLE IF NOT EXISTS fact_follow_up_calls
(
    event_id             UUID,
    branch_id            LowCardinality(String),
    business_date        Date,
    occurred_at          DateTime64(3, 'UTC'),
    follow_up_call_id    String,
    repair_order_id      String,
    repair_order_closed_at DateTime64(3, 'UTC'),
    close_business_date  Date,
    caller_id            String,
    reached              UInt8,
    outcome              LowCardinality(String),
    global_position      UInt64
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMM(business_date)
ORDER BY (branch_id, business_date, event_id);
