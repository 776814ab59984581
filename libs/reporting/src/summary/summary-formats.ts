import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Response } from 'express';
import { MONTH, ORG_ID } from '../kpis/kpi-request.dto';
import { MonthlySummary } from './monthly-summary.types';

export const SUMMARY_FORMATS = ['json', 'html', 'pdf', 'xlsx', 'csv'] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

export class MonthParams {
  @ApiProperty({ example: '2026-01' })
  @Matches(MONTH, { message: 'period must be a month such as 2026-01, of the years 2000 to 2099' })
  period!: string;
}

export class BranchMonthParams extends MonthParams {
  @ApiProperty({ example: 'SH-01' })
  @Matches(ORG_ID, { message: 'branchId must be an id of letters, digits, _ . : - (at most 64)' })
  branchId!: string;
}

export class RegionMonthParams extends MonthParams {
  @ApiProperty({ example: 'EAST' })
  @Matches(ORG_ID, { message: 'regionId must be an id of letters, digits, _ . : - (at most 64)' })
  regionId!: string;
}

const CONTENT_TYPES: Record<Exclude<SummaryFormat, 'json'>, string> = {
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** `SH-01-2026-01-zh-CN.pdf`, `EAST-…`, `group-…`: ids are [A-Za-z0-9_.:-] (validated), ':' replaced for file systems. */
export function summaryFileName(summary: MonthlySummary, format: SummaryFormat): string {
  return `${summary.unit.id.replaceAll(':', '_')}-${summary.period}-${summary.locale}.${format}`;
}

/** A rendered pack: what the download endpoint sends and the scheduled delivery attaches. */
export interface RenderedSummary {
  readonly body: Buffer | string;
  readonly contentType: string;
  readonly fileName: string;
}

/** Renders the summary as a file (the same renderers for the HTTP export and the scheduled delivery). */
export async function renderSummaryFile(summary: MonthlySummary, format: Exclude<SummaryFormat, 'json'>): Promise<RenderedSummary> {
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
  return { body, contentType: CONTENT_TYPES[format], fileName: summaryFileName(summary, format) };
}

/** Sends the summary in the format asked; downloads carry a file name. */
export async function writeSummary(response: Response, summary: MonthlySummary, format: SummaryFormat): Promise<void> {
  if (format === 'json') {
    response.status(200).json(summary);
    return;
  }
  const file = await renderSummaryFile(summary, format);
  response.status(200).type(file.contentType);
  if (format !== 'html') response.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  response.send(file.body);
}
