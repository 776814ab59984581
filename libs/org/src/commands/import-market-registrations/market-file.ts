import { VALIDATION_OPTIONS, fieldErrorsOf } from '@app/platform-kit';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { PlanProblem, TableFile, tableFile, TableRow } from '../import-targets/plan-file.parser';
import { MarketRegistrationsRow } from './import-market-registrations.command';
import { MAX_MARKET_ROWS, MarketRegistrationsRowRequest } from './import-market-registrations.request.dto';

/**
 * The columns of a market registrations file, in the documented order, matched like a plan file's
 * (case, accents, spaces, "_" and "-" aside), in English or by their zh-CN and es names. All are
 * required. `models` lists the own models of the segment separated by ";", "；", "、" or "|".
 */
export const MARKET_COLUMNS = ['area', 'segment', 'month', 'registrations', 'models'] as const;
export type MarketColumn = (typeof MARKET_COLUMNS)[number];

export const MARKET_FILE: TableFile<MarketColumn> = tableFile<MarketColumn>({
  columns: MARKET_COLUMNS,
  required: MARKET_COLUMNS,
  names: {
    area: { 'zh-CN': ['市场区域', '区域门店', '门店辖区'], es: ['zona de mercado', 'zona'] },
    segment: { 'zh-CN': ['细分市场', '市场细分'], es: ['segmento de mercado', 'segmento'] },
    month: { 'zh-CN': ['月份', '月'], es: ['mes'] },
    registrations: { 'zh-CN': ['市场上牌量', '上牌量', '上险量'], es: ['matriculaciones', 'matriculaciones del mercado'] },
    models: { 'zh-CN': ['本店车型', '车型'], es: ['modelos', 'modelos propios'] },
  },
  valueNames: {},
  numberColumn: 'registrations',
  wholeNumbers: true,
  monthColumn: 'month',
  maxRows: MAX_MARKET_ROWS,
});

const MODEL_SEPARATORS = /[;；、|\n]/;

/**
 * The file's rows as import rows, checked with the rules of the JSON route (the same request class),
 * each problem at its file row and column. Registrations are read with the file's decimal mark
 * (`1.200` in a Spanish file is 1200) and must be whole.
 */
export async function marketRowsOf(rows: readonly TableRow<MarketColumn>[]): Promise<{ rows: MarketRegistrationsRow[]; problems: PlanProblem[] }> {
  const checked: MarketRegistrationsRow[] = [];
  const problems: PlanProblem[] = [];
  for (const row of rows) {
    problems.push(...row.problems);
    const { area, segment, month, registrations, models } = row.cells;
    const whole = registrations !== undefined && /^\d+(\.0+)?$/.test(registrations) ? Number(registrations.split('.')[0]) : registrations;
    const dto = plainToInstance(MarketRegistrationsRowRequest, {
      area,
      segment,
      month,
      registrations: whole,
      models:
        models === undefined
          ? undefined
          : models
              .split(MODEL_SEPARATORS)
              .map((m) => m.trim())
              .filter((m) => m !== ''),
    });
    const refused = new Set(row.problems.map((p) => p.column));
    const fieldProblems = fieldErrorsOf(await validate(dto, VALIDATION_OPTIONS))
      .filter((e) => !refused.has(e.field))
      .map((e) => ({ row: row.row, column: e.field, message: e.messages.join('; ') }));
    problems.push(...fieldProblems);
    if (fieldProblems.length > 0 || row.problems.length > 0) continue;
    checked.push({ row: row.row, area: dto.area, segment: dto.segment, month: dto.month, registrations: dto.registrations, models: dto.models });
  }
  return { rows: checked, problems };
}
