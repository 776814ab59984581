import { Principal, RoleForbiddenException } from '@app/platform-kit';

/** User and integration-account admin is head office's (403 ROLE_FORBIDDEN for anyone else). */
export function assertHeadOffice(principal: Principal, what: string): void {
  if (principal.role === 'head-office' && principal.kind !== 'integration') return;
  throw new RoleForbiddenException(`role ${principal.role} may not manage ${what}: head office only`);
}
