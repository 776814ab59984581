export { renderSummaryCsv } from './summary-csv.renderer';
export { renderSummaryHtml } from './summary-html.renderer';
export { renderSummaryPdf } from './summary-pdf.renderer';
export { renderSummaryXlsx } from './summary-xlsx.renderer';
