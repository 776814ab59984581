import { TargetCell } from '../../domain/target.aggregate';
import { inStreamOrder, planReport, PlannedRow } from './plan-import';

const cell: TargetCell = {
  kpi: 'service_revenue',
  periodKind: 'month',
  period: '2026-01',
  grain: 'branch',
  grainId: 'SH-01',
  model: null,
  segment: null,
  kind: 'quota',
};

const planned = (row: number, streamId: string): PlannedRow => ({
  row,
  cell,
  streamId,
  expectedVersion: 0,
  events: [{ eventId: `e-${row}`, type: 'TargetSet', schemaVersion: 1, occurredAt: '2026-01-01T00:00:00.000Z', branchId: 'SH-01', payload: {} }],
  action: 'set',
  version: 1,
});

describe('plan import: append order', () => {
  const rows = [planned(2, 'target-c'), planned(3, 'target-a'), planned(4, 'target-B'), planned(5, 'target-b')];

  it('appends by stream id in code-unit order, whatever the order of the file', () => {
    expect(inStreamOrder(rows).map((p) => p.streamId)).toEqual(['target-B', 'target-a', 'target-b', 'target-c']);
    expect(inStreamOrder([...rows].reverse()).map((p) => p.streamId)).toEqual(['target-B', 'target-a', 'target-b', 'target-c']);
  });

  it('leaves the planned rows, and so the report, in file row order', () => {
    inStreamOrder(rows);
    expect(rows.map((p) => p.row)).toEqual([2, 3, 4, 5]);
    const report = planReport({ dryRun: false, imported: true, file: 'plan.csv', format: 'csv', rowCount: 5, problems: [], planned: rows });
    expect(report.rows.map((r) => r.row)).toEqual([2, 3, 4, 5]);
    expect(report.eventIds).toEqual(['e-2', 'e-3', 'e-4', 'e-5']);
  });
});
