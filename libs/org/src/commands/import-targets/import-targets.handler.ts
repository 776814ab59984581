import { CommandOutcome, EventStore, IdempotentCommandRunner, loadAggregate } from '@app/event-store';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EntityManager } from 'typeorm';
import { evolveTarget, initialTarget, targetStreamId } from '../../domain/target.aggregate';
import { TargetCurrency, targetKpiProblems } from '../../domain/target-rules';
import { OrgReferences } from '../shared/org-references';
import { ImportTargetsCommand } from './import-targets.command';
import { parsePlanFile, PlanFileError, PlanProblem } from './plan-file.parser';
import { checkPlanRows, inStreamOrder, planReport, PlanImportReport, PlannedRow, planRow, rowProblem } from './plan-import';

/** A file with problems: the transaction rolls back, the report says why. */
class PlanImportRejected extends Error {
  constructor(readonly report: PlanImportReport) {
    super(report.message);
  }
}

/** The 400 answer: the report, with the status and code every error body has. */
function rejected(code: string, report: PlanImportReport): CommandOutcome<PlanImportReport> {
  return { statusCode: 400, body: { statusCode: 400, code, ...report }, replayed: false };
}

/**
 * Imports a plan file all or nothing: every row is checked (fields, a cell once per file, the
 * region, branch or employee it names, and the target rules of the single commands: a catalogue
 * KPI that takes targets, the currency of the grain, no value below zero where the figure never
 * is) and planned against its cell's stream; only a file
 * without problems appends, in one transaction, cell by cell in stream id order (see
 * inStreamOrder). A row whose cell already has the same value in force appends nothing, so
 * importing the same file again changes nothing.
 */
@CommandHandler(ImportTargetsCommand)
export class ImportTargetsHandler implements ICommandHandler<ImportTargetsCommand> {
  constructor(
    private readonly store: EventStore,
    private readonly runner: IdempotentCommandRunner,
    private readonly references: OrgReferences,
  ) {}

  async execute({ input, context }: ImportTargetsCommand): Promise<CommandOutcome<PlanImportReport>> {
    const base = { dryRun: input.dryRun, file: input.fileName };
    let parsed;
    try {
      parsed = await parsePlanFile(input.fileName, input.content);
    } catch (error) {
      if (!(error instanceof PlanFileError)) throw error;
      const report = planReport({ ...base, imported: false, format: null, rowCount: 0, problems: error.problems, planned: [] });
      return input.dryRun ? { statusCode: 200, body: report, replayed: false } : rejected('PLAN_FILE_INVALID', report);
    }
    const { format, rows } = parsed;
    const review = async (manager: EntityManager | undefined) => {
      const { checked, problems } = await checkPlanRows(rows);
      const planned: PlannedRow[] = [];
      const currencies = new Map<string, Promise<TargetCurrency>>();
      const reason = `plan import ${input.fileName}`.slice(0, 200);
      for (const row of checked) {
        try {
          await this.references.requireTargetGrain(row.cell, manager);
        } catch (error) {
          problems.push(rowProblem(row.row, 'grainId', error), ...targetKpiProblems(row).map((e) => rowProblem(row.row, e.field, e)));
          continue;
        }
        // The rules of the single target commands (OrgReferences.targetProblems): the KPI, the sign, the currency.
        let broken;
        try {
          broken = await this.references.targetProblems(row, manager, currencies);
        } catch (error) {
          problems.push(rowProblem(row.row, 'grainId', error));
          continue;
        }
        if (broken.length > 0) {
          problems.push(...broken.map((e) => rowProblem(row.row, e.field, e)));
          continue;
        }
        const streamId = targetStreamId(row.cell);
        const loaded = await loadAggregate(this.store, streamId, initialTarget, evolveTarget, manager);
        try {
          planned.push(planRow(row, { streamId, ...loaded }, { occurredAt: input.occurredAt, reason }));
        } catch (error) {
          problems.push(rowProblem(row.row, null, error));
        }
      }
      return { problems, planned };
    };
    const reportOf = (imported: boolean, problems: PlanProblem[], planned: PlannedRow[]) =>
      planReport({ ...base, imported, format, rowCount: rows.length, problems, planned });

    if (input.dryRun) {
      const { problems, planned } = await review(undefined);
      return { statusCode: 200, body: reportOf(false, problems, planned), replayed: false };
    }
    try {
      return await this.runner.run(context.idempotency, 200, async (manager) => {
        const { problems, planned } = await review(manager);
        if (problems.length > 0) throw new PlanImportRejected(reportOf(false, problems, planned));
        for (const p of inStreamOrder(planned)) {
          if (p.events.length > 0) await this.store.appendWithin(manager, p.streamId, p.expectedVersion, p.events, context.metadata);
        }
        return reportOf(true, problems, planned);
      });
    } catch (error) {
      if (error instanceof PlanImportRejected) return rejected('PLAN_IMPORT_INVALID', error.report);
      throw error;
    }
  }
}
