import { defineCommandRoute } from '@app/platform-kit';
import { ImportMarketRegistrationsCommand } from './import-market-registrations.command';
import { ImportMarketRegistrationsRequest } from './import-market-registrations.request.dto';
import { MarketImportResult } from './market-import-result.dto';

export const importMarketRegistrationsRoute = defineCommandRoute<ImportMarketRegistrationsRequest, MarketImportResult>({
  name: 'ImportMarketRegistrations',
  context: 'org',
  dto: ImportMarketRegistrationsRequest,
  path: '/api/v1/org/market-registrations',
  successStatus: 200,
  etag: false,
  docs: {
    summary: "Import the market's new-vehicle registrations by market area (a branch's territory), segment and month (MarketRegistrationsImported)",
    success:
      'Each row: imported, revised or unchanged (the same figures again append nothing), with the version in force; nothing is appended when any row fails',
    badRequest: 'Invalid fields, named by row (rows.<index>.<field>): area, segment, month, registrations (a whole number ≥ 0), models',
    conflict: 'A cell was imported before with other figures and the request does not say revise: true (MARKET_FIGURE_CONFLICT); nothing was imported',
    unprocessable:
      'A row names an area that is not a branch, a cell twice, or a model that would be in two segments of one area and month (MARKET_CELL_INVALID); nothing was imported',
    result: MarketImportResult,
  },
  toCommand: (dto, _params, context) =>
    new ImportMarketRegistrationsCommand(
      {
        occurredAt: new Date().toISOString(),
        revise: dto.revise ?? false,
        rows: dto.rows.map((r) => ({ area: r.area, segment: r.segment, month: r.month, registrations: r.registrations, models: r.models })),
      },
      context,
    ),
});
