import { DomainError, NewEvent } from '@app/contracts';
import { VALIDATION_OPTIONS, fieldErrorsOf } from '@app/platform-kit';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { currentTarget, decideTarget, PlanTarget, TargetCell, targetCellKey, TargetState } from '../../domain/target.aggregate';
import { targetCellOf, TargetValueRequest } from '../shared/target-cell.dto';
import { PlanFileFormat, PlanProblem, PlanRow } from './plan-file.parser';

export type PlanRowAction = 'set' | 'revised' | 'unchanged';

export type PlanImportRowReport =
  | {
      readonly row: number;
      readonly status: 'ok';
      readonly action: PlanRowAction;
      /** The version in force after the import (for `unchanged`, the one already in force). */
      readonly version: number;
      readonly streamId: string;
      readonly cell: TargetCell;
    }
  | { readonly row: number; readonly status: 'error'; readonly errors: readonly { column: string | null; message: string }[] };

export interface PlanImportReport {
  /** Only on a 400: 400 and PLAN_FILE_INVALID (the file cannot be read) or PLAN_IMPORT_INVALID (rows have problems). */
  readonly statusCode?: number;
  readonly code?: string;
  readonly dryRun: boolean;
  /** true when this request appended the file's changes (false for a dry run and for a file with errors). */
  readonly imported: boolean;
  readonly valid: boolean;
  readonly file: string;
  readonly format: PlanFileFormat | null;
  readonly message: string;
  readonly summary: { rows: number; ok: number; failed: number; set: number; revised: number; unchanged: number };
  /** Every problem, by row (1 = header) and column. */
  readonly errors: readonly PlanProblem[];
  readonly rows: readonly PlanImportRowReport[];
  readonly eventIds: readonly string[];
}

/** A row that passed the field checks. */
export interface CheckedPlanRow {
  readonly row: number;
  readonly cell: TargetCell;
  readonly value: string;
  readonly unit: string;
}

/**
 * Field checks of every row with the same rules as POST /api/v1/org/targets, plus: a cell may
 * appear once per file.
 */
export async function checkPlanRows(rows: readonly PlanRow[]): Promise<{ checked: CheckedPlanRow[]; problems: PlanProblem[] }> {
  const checked: CheckedPlanRow[] = [];
  const problems: PlanProblem[] = [];
  const firstRowOfCell = new Map<string, number>();
  for (const row of rows) {
    problems.push(...row.problems);
    const dto = plainToInstance(TargetValueRequest, { ...row.cells });
    // A cell the parser already refused (an Excel error, an ambiguous number) is not reported again as missing.
    const refusedColumns = new Set(row.problems.map((p) => p.column));
    const fieldProblems = fieldErrorsOf(await validate(dto, VALIDATION_OPTIONS))
      .filter((e) => !refusedColumns.has(e.field))
      .map((e) => ({ row: row.row, column: e.field, message: e.messages.join('; ') }));
    problems.push(...fieldProblems);
    if (fieldProblems.length > 0 || row.problems.length > 0) continue;
    const cell = targetCellOf(dto);
    const key = targetCellKey(cell);
    const first = firstRowOfCell.get(key);
    if (first !== undefined) {
      problems.push({ row: row.row, column: null, message: `the same target cell as row ${first}: a cell may appear once per file` });
      continue;
    }
    firstRowOfCell.set(key, row.row);
    checked.push({ row: row.row, cell, value: dto.value, unit: dto.unit });
  }
  return { checked, problems };
}

export interface PlannedRow {
  readonly row: number;
  readonly cell: TargetCell;
  readonly streamId: string;
  /** The stream version the events append after. */
  readonly expectedVersion: number;
  readonly events: NewEvent[];
  readonly action: PlanRowAction;
  readonly version: number;
}

/** What one checked row does to its cell: set, revise, or nothing when the value in force is the same. */
export function planRow(
  row: CheckedPlanRow,
  loaded: { streamId: string; state: TargetState; version: number },
  context: { occurredAt: string; reason: string },
): PlannedRow {
  const command: PlanTarget = {
    type: 'PlanTarget',
    eventId: randomUUID(),
    occurredAt: context.occurredAt,
    cell: row.cell,
    value: row.value,
    unit: row.unit,
    reason: context.reason,
  };
  const events = decideTarget(command, loaded.state);
  const current = currentTarget(loaded.state);
  const action: PlanRowAction = events.length === 0 ? 'unchanged' : current === null ? 'set' : 'revised';
  return {
    row: row.row,
    cell: row.cell,
    streamId: loaded.streamId,
    expectedVersion: loaded.version,
    events,
    action,
    version: action === 'unchanged' ? (current?.version ?? 0) : (current?.version ?? 0) + 1,
  };
}

/**
 * The planned appends sorted by stream id. Every import appends its cells in this one global order,
 * so two concurrent imports that touch the same cells, listed in different orders in their files,
 * wait on each other at their first common cell (the later one then fails with a version
 * conflict, 409) instead of each holding a cell the other needs (a deadlock, 40P01). Code-unit
 * order, not the locale's, so every process sorts alike. The report stays in file row order.
 */
export function inStreamOrder(planned: readonly PlannedRow[]): PlannedRow[] {
  return [...planned].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

/** A domain error met while checking one row, as a problem of that row. */
export function rowProblem(row: number, column: string | null, error: unknown): PlanProblem {
  if (error instanceof DomainError) return { row, column, message: error.message };
  throw error;
}

export function planReport(input: {
  dryRun: boolean;
  imported: boolean;
  file: string;
  format: PlanFileFormat | null;
  rowCount: number;
  problems: readonly PlanProblem[];
  planned: readonly PlannedRow[];
}): PlanImportReport {
  const { problems, planned } = input;
  const byRow = new Map<number, { column: string | null; message: string }[]>();
  for (const p of problems) byRow.set(p.row, [...(byRow.get(p.row) ?? []), { column: p.column, message: p.message }]);
  const rows: PlanImportRowReport[] = [
    ...[...byRow].map(([row, errors]) => ({ row, status: 'error' as const, errors })),
    ...planned
      .filter((p) => !byRow.has(p.row))
      .map((p) => ({ row: p.row, status: 'ok' as const, action: p.action, version: p.version, streamId: p.streamId, cell: p.cell })),
  ].sort((a, b) => a.row - b.row);
  const count = (action: PlanRowAction) => planned.filter((p) => !byRow.has(p.row) && p.action === action).length;
  const failed = [...byRow.keys()].filter((row) => row > 1).length;
  const valid = problems.length === 0;
  const ok = planned.filter((p) => !byRow.has(p.row)).length;
  const summary = { rows: input.rowCount, ok, failed, set: count('set'), revised: count('revised'), unchanged: count('unchanged') };
  const message = !valid
    ? `${problems.length} problem(s) in ${byRow.size} row(s); nothing was imported`
    : input.imported
      ? `imported: ${summary.set} set, ${summary.revised} revised, ${summary.unchanged} unchanged`
      : `dry run: ${summary.set} would be set, ${summary.revised} revised, ${summary.unchanged} unchanged`;
  return {
    dryRun: input.dryRun,
    imported: input.imported,
    valid,
    file: input.file,
    format: input.format,
    message,
    summary,
    errors: [...problems].sort((a, b) => a.row - b.row),
    rows,
    eventIds: input.imported ? planned.flatMap((p) => p.events.map((e) => e.eventId)) : [],
  };
}
