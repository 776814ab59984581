import { Actor } from '@app/contracts';
import { ForbiddenException, HttpStatus, SetMetadata } from '@nestjs/common';

/**
 * Who may do what: the roles, the principal a verified token (or the platform itself) stands for,
 * and the write permission of every command. Framework-light and shared by the command side
 * (which authorizes every command here) and libs/auth (which turns tokens into principals).
 * docs/security.md is the table of this file.
 */
export const ROLES = ['head-office', 'region-manager', 'analyst', 'branch-manager', 'sales-staff', 'service-staff', 'parts-staff', 'integration'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that act for named branches and must carry them (claim `branches`). */
export const BRANCH_ROLES: readonly Role[] = ['branch-manager', 'sales-staff', 'service-staff', 'parts-staff', 'integration'];

/** The bounded contexts that take commands; `org` is head office's master data. */
export const WRITE_CONTEXTS = ['org', 'sales', 'workshop', 'parts'] as const;
export type WriteContext = (typeof WRITE_CONTEXTS)[number];
/** The contexts whose facts belong to a branch. */
export const BRANCH_CONTEXTS = ['sales', 'workshop', 'parts'] as const;
export type BranchContext = (typeof BRANCH_CONTEXTS)[number];

export type PrincipalKind = 'user' | 'integration' | 'system';

/** Who is asking, from the verified token (or the platform's own jobs): role, org units, contexts. */
export interface Principal {
  readonly kind: PrincipalKind;
  /** `sub` of the token: a user id, `integration:<clientId>`, or a system job's name. */
  readonly subject: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly branches: readonly string[];
  /** For an integration account: the contexts it may write (claim `contexts`). Empty otherwise. */
  readonly contexts: readonly BranchContext[];
  /** The session a sign-in token belongs to (claim `sid`), when it came from a sign-in. */
  readonly sessionId?: string;
  /**
   * The employee (org context) this user account is linked to, by head office (claim
   * `employee_id`): whose own calls and visits a sales consultant logs. Absent when not linked.
   */
  readonly employeeId?: string;
}

/** The contexts a role writes, for its own branches (head office: every branch). */
const WRITES: Readonly<Record<Role, readonly WriteContext[]>> = {
  'head-office': ['org', 'sales', 'workshop', 'parts'],
  'region-manager': [],
  analyst: [],
  'branch-manager': ['sales', 'workshop', 'parts'],
  'sales-staff': ['sales'],
  'service-staff': ['workshop'],
  'parts-staff': ['parts'],
  integration: [], // from the account's contexts claim
};

/** The contexts a principal may write. */
export function writableContexts(principal: Principal): readonly WriteContext[] {
  return principal.role === 'integration' ? principal.contexts : WRITES[principal.role];
}

export const ROLE_FORBIDDEN = 'ROLE_FORBIDDEN';
export const OUT_OF_SCOPE = 'OUT_OF_SCOPE';

/** 403 `ROLE_FORBIDDEN`: the caller's role (or integration account) may not issue this kind of command. */
export class RoleForbiddenException extends ForbiddenException {
  constructor(message: string) {
    super({ statusCode: HttpStatus.FORBIDDEN, code: ROLE_FORBIDDEN, message });
  }
}

/** Head office's own pages (users, integration accounts, pack subscriptions): 403 ROLE_FORBIDDEN for anyone else. */
export function assertHeadOffice(principal: Principal, what: string): void {
  if (principal.role === 'head-office' && principal.kind !== 'integration') return;
  throw new RoleForbiddenException(`role ${principal.role} may not manage ${what}: head office only`);
}

/** 403 `OUT_OF_SCOPE`: the command is for a branch (or region) outside the caller's. */
export class OutOfScopeException extends ForbiddenException {
  constructor(message: string) {
    super({ statusCode: HttpStatus.FORBIDDEN, code: OUT_OF_SCOPE, message });
  }
}

/** The role check alone: may this principal issue commands of `context` at all? */
export function assertMayWrite(principal: Principal, context: WriteContext): void {
  if (writableContexts(principal).includes(context)) return;
  const who = principal.role === 'integration' ? `integration account ${principal.subject}` : `role ${principal.role}`;
  throw new RoleForbiddenException(
    context === 'org'
      ? `${who} may not change head office's data (organisation, targets, rates, calendars, settings, period close)`
      : `${who} may not record ${context} facts`,
  );
}

/**
 * Authorizes one command before anything runs: the role may write the context, and a branch
 * command names a branch of the caller's (head office: any). Throws {@link RoleForbiddenException}
 * or {@link OutOfScopeException}.
 */
export function authorizeCommand(principal: Principal, context: WriteContext, branchId: string | undefined): void {
  assertMayWrite(principal, context);
  if (context === 'org' || principal.role === 'head-office') return;
  if (branchId === undefined || !principal.branches.includes(branchId)) {
    throw new OutOfScopeException(`branch ${branchId ?? '(none)'} is outside your access scope`);
  }
}

/**
 * The actor an event records: always the authenticated principal. An integration may name the
 * dealer-system user it acts for; that is kept apart, labelled `onBehalfOf`.
 */
export function actorOf(principal: Principal, onBehalfOf?: string): Actor {
  return {
    kind: principal.kind,
    id: principal.subject,
    ...(principal.kind === 'integration' && onBehalfOf ? { onBehalfOf } : {}),
  };
}

/** The principal of the platform's own jobs (the demo seed, the simulator): head office's rights. */
export function systemPrincipal(subject: string): Principal {
  return { kind: 'system', subject, role: 'head-office', regions: [], branches: [], contexts: [] };
}

/** Metadata key of {@link Public}. */
export const IS_PUBLIC_ROUTE = 'dealer-kpi:public-route';

/**
 * Marks a controller or handler as open without a token. Every such route must also be on the
 * explicit public list (`PUBLIC_ROUTES` in libs/auth), which a test compares with the routes of
 * every app; everything else is behind the global authentication gate.
 */
export const Public = (): ClassDecorator & MethodDecorator => SetMetadata(IS_PUBLIC_ROUTE, true);

/** Metadata key of {@link WritesContext}. */
export const WRITE_CONTEXT = 'dealer-kpi:write-context';

/**
 * Marks a controller (or handler) as taking commands of `context`: the authentication gate then
 * refuses a caller whose role may not write that context (403 ROLE_FORBIDDEN) before the body is
 * even validated. The branch scope is checked per command by the dispatcher.
 */
export const WritesContext = (context: WriteContext): ClassDecorator & MethodDecorator => SetMetadata(WRITE_CONTEXT, context);
