export * from './catalogue';
export * from './catalogue/kpi-docs';
/** Service KPI queries (service revenue, per-vehicle yield, rework rate, CSI). */
export * as serviceKpis from './service';
/** Sales KPI queries (vehicle sales, collections, funnel). */
export * as salesKpis from './sales';
/** Parts KPI queries (counter sales, purchases, accessories, transfers, month-end stock). */
export * as partsKpis from './parts';
/** The uniform KPI engine: every catalogue KPI's SQL, values with numerator/denominator, targets, MoM/YoY, as closed vs restated. */
export * from './engine';
