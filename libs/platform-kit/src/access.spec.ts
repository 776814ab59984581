import { HttpException } from '@nestjs/common';
import { actorOf, authorizeCommand, Principal, Role, systemPrincipal, writableContexts } from './access';

const principal = (role: Role, branches: string[] = [], contexts: Principal['contexts'] = []): Principal => ({
  kind: role === 'integration' ? 'integration' : 'user',
  subject: role === 'integration' ? 'integration:dms' : `u-${role}`,
  role,
  regions: [],
  branches,
  contexts,
});

/** The code of the 403 `authorizeCommand` throws, or 'ok'. */
function outcome(check: () => void): string {
  try {
    check();
    return 'ok';
  } catch (error) {
    if (!(error instanceof HttpException)) throw error;
    expect(error.getStatus()).toBe(403);
    return (error.getResponse() as { code: string }).code;
  }
}

describe('access: who may issue which command', () => {
  it.each([
    ['head-office', 'org', 'SH-01', 'ok'],
    ['head-office', 'workshop', 'ANY-99', 'ok'],
    ['branch-manager', 'org', 'SH-01', 'ROLE_FORBIDDEN'],
    ['branch-manager', 'sales', 'SH-01', 'ok'],
    ['branch-manager', 'parts', 'SH-02', 'OUT_OF_SCOPE'],
    ['sales-staff', 'sales', 'SH-01', 'ok'],
    ['sales-staff', 'workshop', 'SH-01', 'ROLE_FORBIDDEN'],
    ['service-staff', 'workshop', 'SH-01', 'ok'],
    ['service-staff', 'parts', 'SH-01', 'ROLE_FORBIDDEN'],
    ['parts-staff', 'parts', 'SH-01', 'ok'],
    ['parts-staff', 'sales', 'SH-01', 'ROLE_FORBIDDEN'],
    ['region-manager', 'sales', 'SH-01', 'ROLE_FORBIDDEN'],
    ['analyst', 'org', 'SH-01', 'ROLE_FORBIDDEN'],
  ] as const)('%s writing %s for %s: %s', (role, context, branchId, expected) => {
    expect(outcome(() => authorizeCommand(principal(role, ['SH-01']), context, branchId))).toBe(expected);
  });

  it('limits an integration account to its contexts and branches', () => {
    const dms = principal('integration', ['SH-01'], ['workshop']);
    expect(writableContexts(dms)).toEqual(['workshop']);
    expect(outcome(() => authorizeCommand(dms, 'workshop', 'SH-01'))).toBe('ok');
    expect(outcome(() => authorizeCommand(dms, 'workshop', 'SH-02'))).toBe('OUT_OF_SCOPE');
    expect(outcome(() => authorizeCommand(dms, 'sales', 'SH-01'))).toBe('ROLE_FORBIDDEN');
    expect(outcome(() => authorizeCommand(dms, 'org', undefined))).toBe('ROLE_FORBIDDEN');
  });

  it('refuses a branch command that names no branch to anyone but head office', () => {
    expect(outcome(() => authorizeCommand(principal('branch-manager', ['SH-01']), 'sales', undefined))).toBe('OUT_OF_SCOPE');
  });

  it('records the authenticated principal as the actor, with an integration user kept apart', () => {
    expect(actorOf(principal('sales-staff', ['SH-01']))).toEqual({ kind: 'user', id: 'u-sales-staff' });
    expect(actorOf(principal('integration', ['SH-01'], ['sales']), 'dms-user-7')).toEqual({
      kind: 'integration',
      id: 'integration:dms',
      onBehalfOf: 'dms-user-7',
    });
    expect(actorOf(principal('head-office'), 'ignored')).toEqual({ kind: 'user', id: 'u-head-office' });
    expect(actorOf(systemPrincipal('simulator'))).toEqual({ kind: 'system', id: 'simulator' });
  });
});
