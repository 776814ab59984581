-- rollup_daily_revenue (0008) was refreshed on every batch and read by nothing: every page, export,
-- BI view and test reads KPIs through the KPI engine (the facts, or rollup_kpi_month for whole
-- months). The projector no longer keeps it; drop it (docs/adr/0007-exact-rollups.md).
DROP TABLE IF EXISTS rollup_daily_revenue;
