import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Response } from 'express';
import { MONTH, ORG_ID } from '../kpis/kpi-request.dto';
import { MonthlySummary } from './monthly-summary.types';

export const SUMMARY_FORMATS = ['json', 'html', 'pdf', 'xlsx', 'csv'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export class BranchMonthParams {
  @ApiProperty({ example: 'SH-01' })
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId!: string;

  @ApiProperty({ example: '2026-01' })
  @Matches(MONTH, { message: 'period must be a month such as 2026-01, of the years 2000 to 2099' })
  period!: string;
}

const CONTENT_TYPES: Record<Exclude<SummaryFormat, 'json'>, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** `SH-01-2026-01-zh-CN.pdf`: ids are [A-Za-z0-9_.:-] (validated), ':' replaced for file systems. */
export function summaryFileName(summary: MonthlySummary, format: SummaryFormat): string {
  return `${summary.branch.id.replaceAll(':', '_')}-${summary.period}-${summary.locale}.${format}`;
}

/** Sends the summary in the format asked; downloads carry a file name. */
export async function writeSummary(response: Response, summary: MonthlySummary, format: SummaryFormat): Promise<void> {
  if (format === 'json') {
    response.status(200).json(summary);
    return;
  }
  // The renderers (PDF fonts, exceljs) load on first use, not at boot.
  const { renderSummaryCsv, renderSummaryHtml, renderSummaryPdf, renderSummaryXlsx } = await import('./render');
  const body =
    format === 'html'
      ? renderSummaryHtml(summary)
      : format === 'csv'
        ? renderSummaryCsv(summary)
        : format === 'pdf'
          ? await renderSummaryPdf(summary)
          : await renderSummaryXlsx(summary);
  response.status(200).type(CONTENT_TYPES[format]);
  if (format !== 'html') response.setHeader('Content-Disposition', `attachment; filename="${summaryFileName(summary, format)}"`);
  response.send(body);
}
