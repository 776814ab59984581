import { Principal } from '@app/platform-kit';
import { BadRequestException, ForbiddenException } from '@nestjs/common';
import { consultantFor, NO_EMPLOYEE_LINK, NOT_OWN_ACTIVITY } from './log-sales-activity.handler';

const person = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({
  kind: 'user',
  subject: '0b4f6c1e-8d2a-4e57-9c3b-5a1d7e9f2c01',
  role,
  regions: [],
  branches: ['SH-01'],
  contexts: [],
  ...extra,
});

function refusal(run: () => unknown): { status: number; code?: string; message?: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ForbiddenException || error instanceof BadRequestException) {
      return { status: error.getStatus(), ...(error.getResponse() as { code?: string; message?: string }) };
    }
    throw error;
  }
  throw new Error('not refused');
}

describe('consultantFor: whose activity the caller logs', () => {
  it("is a sales consultant's linked employee, never the token's subject", () => {
    const linked = person('sales-staff', { employeeId: 'E-7' });
    expect(consultantFor(linked, null)).toBe('E-7');
    expect(consultantFor(linked, 'E-7')).toBe('E-7');
    expect(refusal(() => consultantFor(linked, 'E-8'))).toMatchObject({ status: 403, code: NOT_OWN_ACTIVITY });
  });

  it('refuses a sales consultant whose account is not linked to an employee (403 NO_EMPLOYEE_LINK), whatever the subject', () => {
    for (const caller of [person('sales-staff'), person('sales-staff', { subject: 'E-7' })]) {
      for (const requested of [null, 'E-7', caller.subject]) {
        const refused = refusal(() => consultantFor(caller, requested));
        expect(refused).toMatchObject({ status: 403, code: NO_EMPLOYEE_LINK });
        expect(refused.message).toMatch(/head office/);
      }
    }
  });

  it('takes the named consultant from head office, a branch manager and an integration (400 without one)', () => {
    expect(consultantFor(person('head-office', { branches: [] }), 'E-9')).toBe('E-9');
    expect(consultantFor(person('branch-manager', { employeeId: 'E-1' }), 'E-9')).toBe('E-9');
    const dms: Principal = { kind: 'integration', subject: 'integration:dms', role: 'integration', regions: [], branches: ['SH-01'], contexts: ['sales'] };
    expect(consultantFor(dms, 'E-9')).toBe('E-9');
    expect(refusal(() => consultantFor(person('branch-manager', { employeeId: 'E-1' }), null))).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
