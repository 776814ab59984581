import { BRANCH_CONTEXTS, BRANCH_ROLES, BranchContext, Principal, Role, ROLES } from '@app/platform-kit';
import type { JWTPayload } from 'jose';
import { AuthenticationError } from './auth.errors';

export { BRANCH_ROLES, ROLES };
export type { Principal, Role };

/** Longest id accepted in a claim (branch ids in the API are at most 64 characters). */
const MAX_ID_LENGTH = 64;
const MAX_IDS = 1000;
/** `integration:<clientId>`: the subject of an integration account's tokens. */
export const INTEGRATION_SUBJECT_PREFIX = 'integration:';
/** Claim naming the employee (org context) a user account is linked to. */
export const EMPLOYEE_ID_CLAIM = 'employee_id';
/** An employee id as the org context accepts it: 1 to 64 letters, digits, ".", "_" or "-". */
export const EMPLOYEE_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function idList(payload: JWTPayload, claim: 'regions' | 'branches' | 'contexts'): string[] {
  const value = payload[claim];
  if (value === undefined || value === null) return [];
  if (
    !Array.isArray(value) ||
    value.length > MAX_IDS ||
    !value.every((id): id is string => typeof id === 'string' && id.length > 0 && id.length <= MAX_ID_LENGTH)
  ) {
    throw new AuthenticationError(`claim ${claim} must be a list of ids (1 to ${MAX_ID_LENGTH} characters each)`);
  }
  return [...new Set(value)];
}

function contextList(payload: JWTPayload): BranchContext[] {
  const contexts = idList(payload, 'contexts');
  const unknown = contexts.filter((c) => !(BRANCH_CONTEXTS as readonly string[]).includes(c));
  if (unknown.length > 0) throw new AuthenticationError(`claim contexts may only name ${BRANCH_CONTEXTS.join(', ')}`);
  return contexts as BranchContext[];
}

/**
 * The `employee_id` claim: absent (or null) means no employee link; otherwise an employee id
 * ({@link EMPLOYEE_ID_PATTERN}), and only in a person's token (not an integration's).
 */
function employeeIdOf(payload: JWTPayload, role: Role): string | undefined {
  const value = payload[EMPLOYEE_ID_CLAIM];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !EMPLOYEE_ID_PATTERN.test(value)) {
    throw new AuthenticationError(`claim ${EMPLOYEE_ID_CLAIM} must be an employee id (1 to 64 letters, digits, ".", "_" or "-")`);
  }
  if (role === 'integration') throw new AuthenticationError(`an integration token cannot carry claim ${EMPLOYEE_ID_CLAIM}`);
  return value;
}

/**
 * The principal of a verified token's claims (`sub`, `role`, `regions`, `branches`, and for an
 * integration `contexts`; `sid` for a sign-in session; `employee_id` for a user account linked
 * to an employee). An unknown role, a region manager without
 * regions, a branch role without branches or an integration without contexts is not a valid
 * token. An empty list counts as no claim.
 */
export function principalFromClaims(payload: JWTPayload): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0) throw new AuthenticationError('token has no subject (sub)');
  const role: unknown = payload.role;
  if (!isRole(role)) throw new AuthenticationError(`token role must be one of ${ROLES.join(', ')}`);
  const regions = idList(payload, 'regions');
  const branches = idList(payload, 'branches');
  if (role === 'region-manager' && regions.length === 0) {
    throw new AuthenticationError('a region-manager token must name its regions (claim regions)');
  }
  if (BRANCH_ROLES.includes(role) && branches.length === 0) {
    throw new AuthenticationError(`a ${role} token must name its branches (claim branches)`);
  }
  const contexts = role === 'integration' ? contextList(payload) : [];
  if (role === 'integration' && contexts.length === 0) {
    throw new AuthenticationError('an integration token must name the contexts it writes (claim contexts)');
  }
  if ((role === 'integration') !== subject.startsWith(INTEGRATION_SUBJECT_PREFIX)) {
    throw new AuthenticationError(`integration tokens, and only they, have a subject starting with ${INTEGRATION_SUBJECT_PREFIX}`);
  }
  const sid = payload.sid;
  const employeeId = employeeIdOf(payload, role);
  return {
    kind: role === 'integration' ? 'integration' : 'user',
    subject,
    role,
    regions,
    branches,
    contexts,
    ...(typeof sid === 'string' && sid.length > 0 ? { sessionId: sid } : {}),
    ...(employeeId !== undefined ? { employeeId } : {}),
  };
}
