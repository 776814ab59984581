export * from './catalogue';
export * from './catalogue/kpi-docs';
/** The uniform KPI engine: every catalogue KPI's SQL, values with numerator/denominator, targets, MoM/YoY, as closed vs restated. */
export * from './engine';
