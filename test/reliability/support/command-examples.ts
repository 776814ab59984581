import { cny, VIN } from './load';

/**
 * A well-formed request for every command of every context, for the fuzzer to start from: path
 * parameters and body. Ids are placeholders the fuzzer makes unique per request. Whether the
 * command then succeeds depends on the state (a repair order must exist to be closed): the
 * fuzzer does not care, it checks what any answer must satisfy.
 */
export interface CommandExample {
  readonly params: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, unknown>>;
}

const at = '2026-03-10T03:00:00Z';
const branchId = 'FZ-01';
const money = cny(100_000);

export const COMMAND_EXAMPLES: Readonly<Record<string, CommandExample>> = {
  // sales
  CreateLead: {
    params: { leadId: 'L-1' },
    body: { branchId, source: 'walk_in', segment: 'individual', consultantId: 'E-1', modelOfInterest: 'Lavida', occurredAt: at },
  },
  CompleteTestDrive: { params: { leadId: 'L-1' }, body: { branchId, model: 'Lavida', consultantId: 'E-1', occurredAt: at } },
  SignOrder: {
    params: { vehicleSaleId: 'VS-1' },
    body: {
      branchId,
      orderId: 'O-1',
      model: 'Lavida',
      condition: 'new',
      listPrice: cny(10_619_469),
      transactionPrice: cny(10_000_000),
      deposit: cny(500_000, 0),
      finance: 'loan',
      consultantId: 'E-1',
      customerId: 'C-1',
      occurredAt: at,
    },
  },
  CancelOrder: { params: { vehicleSaleId: 'VS-1' }, body: { branchId, reason: 'customer bought elsewhere', occurredAt: at } },
  ReceivePayment: { params: { vehicleSaleId: 'VS-1' }, body: { branchId, kind: 'deposit', amount: cny(500_000, 0), occurredAt: at } },
  DeliverVehicle: {
    params: { vehicleSaleId: 'VS-1' },
    body: {
      branchId,
      orderId: 'O-1',
      vin: VIN,
      model: 'Lavida',
      condition: 'new',
      consultantId: 'E-1',
      invoice: cny(10_000_000),
      cost: cny(9_200_000),
      occurredAt: at,
    },
  },
  ReturnVehicle: {
    params: { vehicleSaleId: 'VS-1' },
    body: { branchId, reason: 'gearbox defect', invoiceReversed: cny(10_000_000), costReversed: cny(9_200_000), occurredAt: at },
  },
  // No consultantId: a sales consultant's own activity (anyone else names the consultant, or gets a 400).
  LogSalesActivity: { params: { activityId: 'ACT-1' }, body: { branchId, kind: 'call', leadId: 'L-1', occurredAt: at } },
  // workshop
  BookAppointment: { params: { appointmentId: 'A-1' }, body: { branchId, vin: VIN, jobType: 'repair', channel: 'phone', scheduledFor: at, occurredAt: at } },
  OpenRepairOrder: {
    params: { repairOrderId: 'RO-1' },
    body: { branchId, intakeVisitId: 'V1', vin: VIN, mileageKm: 42000, advisorId: 'SA-1', jobType: 'repair', payer: 'customer', occurredAt: at },
  },
  PostLabourLine: {
    params: { repairOrderId: 'RO-1' },
    body: {
      branchId,
      lineId: 'L1',
      category: 'mechanical',
      soldHours: '2.00',
      clockedHours: '1.75',
      rate: '500.00',
      technicianId: 'T-1',
      payer: 'customer',
      amount: money,
      occurredAt: at,
    },
  },
  IssuePartsToRepairOrder: {
    params: { repairOrderId: 'RO-1' },
    body: {
      branchId,
      lineId: 'P1',
      partNumber: '5Q0698151',
      quantity: '2',
      genuine: true,
      unitPrice: '500.00',
      payer: 'customer',
      amount: money,
      cost: cny(65_000),
      occurredAt: at,
    },
  },
  CloseRepairOrder: { params: { repairOrderId: 'RO-1' }, body: { branchId, occurredAt: at } },
  ReopenRepairOrder: { params: { repairOrderId: 'RO-1' }, body: { branchId, reason: 'labour overcharged', occurredAt: at } },
  RegisterComeback: { params: { repairOrderId: 'RO-2' }, body: { branchId, originalRepairOrderId: 'RO-1', faultDescription: 'brakes squeal', occurredAt: at } },
  SubmitWarrantyClaim: { params: { warrantyClaimId: 'WC-1' }, body: { branchId, repairOrderId: 'RO-1', claimed: money, occurredAt: at } },
  DecideWarrantyClaim: {
    params: { warrantyClaimId: 'WC-1' },
    body: { branchId, decision: 'partially_approved', approved: cny(60_000), reason: 'labour capped', occurredAt: at },
  },
  CompleteFollowUpCall: {
    params: { followUpCallId: 'FU-1' },
    body: { branchId, repairOrderId: 'RO-1', callerId: 'CC-1', reached: true, outcome: 'satisfied', occurredAt: at },
  },
  RecordCsiSurveyResponse: {
    params: { surveyId: 'S-1' },
    body: {
      branchId,
      source: 'internal_call',
      kind: 'service',
      repairOrderId: 'RO-1',
      answers: [{ questionId: 'overall', answer: '8', min: '0', max: '10', weight: '1', overall: true }],
      occurredAt: at,
    },
  },
  LogComplaint: {
    params: { complaintId: 'CP-1' },
    body: { branchId, kind: 'service', channel: 'phone', repairOrderId: 'RO-1', description: 'waited too long', occurredAt: at },
  },
  ResolveComplaint: { params: { complaintId: 'CP-1' }, body: { branchId, resolution: 'apologised', compensation: cny(5_000, 0), occurredAt: at } },
  // parts
  ReceiveParts: {
    params: { receiptId: 'GR-1' },
    body: {
      branchId,
      supplierId: 'SUP-FAW',
      purchaseOrderRef: 'PO-1',
      partNumber: 'OIL-FILTER',
      quantity: '10',
      genuine: true,
      cost: cny(50_000),
      occurredAt: at,
    },
  },
  SellParts: {
    params: { saleId: 'CS-1' },
    body: {
      branchId,
      customerType: 'quick_repair_shop',
      customerId: 'C-9',
      lines: [{ partNumber: 'OIL-FILTER', quantity: '4', genuine: true, amount: cny(32_000), cost: cny(20_000) }],
      occurredAt: at,
    },
  },
  BackOrderParts: {
    params: { backOrderId: 'BO-1' },
    body: {
      branchId,
      channel: 'counter',
      customerType: 'retail',
      partNumber: 'OIL-FILTER',
      genuine: true,
      quantityRequested: '4',
      quantityServed: '1',
      occurredAt: at,
    },
  },
  ReturnParts: {
    params: { returnId: 'RT-1' },
    body: {
      branchId,
      direction: 'from_customer',
      originalDocumentId: 'CS-1',
      reason: 'wrong part',
      lines: [{ partNumber: 'OIL-FILTER', quantity: '1', amount: cny(8_000), cost: cny(5_000) }],
      occurredAt: at,
    },
  },
  SellAccessory: {
    params: { accessorySaleId: 'AS-1' },
    body: {
      branchId,
      accessoryCode: 'MAT-LAV-01',
      description: 'Floor mats',
      quantity: '1',
      amount: cny(40_000),
      cost: cny(25_000),
      vehicleSaleId: 'VS-1',
      occurredAt: at,
    },
  },
  AdjustStock: {
    params: { adjustmentId: 'ADJ-1' },
    body: { branchId, reason: 'damage', partNumber: 'OIL-FILTER', quantityDelta: '-1', value: cny(-5_000, 0), note: 'dropped', occurredAt: at },
  },
  TakeStockSnapshot: {
    params: { month: '2026-02' },
    body: {
      branchId,
      partCount: 1,
      totalQuantity: '2',
      totalValue: cny(10_000, 0),
      agedStock: { days0To90: cny(7_000, 0), days91To180: cny(3_000, 0), days181To365: cny(0, 0), over365Days: cny(0, 0) },
      occurredAt: '2026-02-28T16:00:00Z',
    },
  },
  DispatchTransfer: {
    params: { transferId: 'TR-1' },
    body: { branchId, toBranchId: 'FZ-02', lines: [{ partNumber: 'OIL-FILTER', quantity: '3', value: cny(15_000, 0) }], occurredAt: at },
  },
  ReceiveTransfer: {
    params: { transferId: 'TR-1' },
    body: { branchId: 'FZ-02', fromBranchId: branchId, lines: [{ partNumber: 'OIL-FILTER', quantity: '3' }], occurredAt: at },
  },
  // org
  OpenBranch: {
    params: {},
    body: {
      branchId: 'FZ-09',
      name: 'Fuzz branch',
      brands: ['Volkswagen'],
      currency: 'CNY',
      timeZone: 'Asia/Shanghai',
      cutoffMinutes: 0,
      openedOn: '2025-01-01',
    },
  },
  CloseBranch: { params: { branchId: 'FZ-09' }, body: { closedOn: '2026-06-30', reason: 'merged' } },
  DefineRegion: { params: {}, body: { regionId: 'EAST', name: 'East China' } },
  AssignBranchRegion: { params: { branchId }, body: { regionId: 'EAST', effectiveFrom: '2026-01-01' } },
  AssignTerritory: { params: { area: 'SH-PUDONG' }, body: { branchId, effectiveFrom: '2026-01-01' } },
  AssignModelBrand: { params: {}, body: { model: 'Tiguan L', brand: 'Volkswagen', effectiveFrom: '2020-01-01' } },
  AssignEmployee: { params: { employeeId: 'E-1' }, body: { branchId, department: 'sales', role: 'sales_consultant', effectiveFrom: '2026-01-01' } },
  SetTarget: {
    params: {},
    body: {
      kpi: 'service_revenue',
      periodKind: 'month',
      period: '2026-03',
      grain: 'branch',
      grainId: branchId,
      kind: 'quota',
      value: '1500000.00',
      unit: 'CNY',
    },
  },
  ReviseTarget: {
    params: {},
    body: {
      kpi: 'service_revenue',
      periodKind: 'month',
      period: '2026-03',
      grain: 'branch',
      grainId: branchId,
      kind: 'quota',
      value: '1400000.00',
      unit: 'CNY',
      supersedesVersion: 1,
      reason: 'mid-year review',
    },
  },
  SetExchangeRate: { params: {}, body: { month: '2026-01', fromCurrency: 'EUR', toCurrency: 'CNY', rate: '7.81234567' } },
  SetHolidayCalendar: { params: {}, body: { scope: 'group', year: 2026, holidays: ['2026-01-01', '2026-10-01'], extraWorkingDays: [] } },
  ChangeKpiSetting: { params: {}, body: { key: 'rework_window_days', value: '45', effectiveFrom: '2026-07-01' } },
  ClosePeriod: { params: { period: '2026-01' }, body: { reason: 'January close' } },
  ImportMarketRegistrations: {
    params: {},
    body: { rows: [{ area: branchId, segment: 'suv_b', month: '2026-01', registrations: 200, models: ['Tiguan L', 'Tayron'] }] },
  },
};
