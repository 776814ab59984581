// The KPI catalogue and its queries (issue #5). Each area exports its queries from its folder.
export {};
