import type { JWTPayload } from 'jose';
import { AuthenticationError } from './auth.errors';

export const ROLES = ['head-office', 'region-manager', 'branch-manager', 'analyst'] as const;
export type Role = (typeof ROLES)[number];

/** Who is asking, from the verified token: the role and the org units named in its claims. */
export interface Principal {
  readonly subject: string;
  readonly role: Role;
  readonly regions: readonly string[];
  readonly branches: readonly string[];
}

/** Longest id accepted in a claim (branch ids in the API are at most 64 characters). */
const MAX_ID_LENGTH = 64;
const MAX_IDS = 1000;

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

function idList(payload: JWTPayload, claim: 'regions' | 'branches'): string[] {
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

/**
 * The principal of a verified token's claims (`sub`, `role`, `regions`, `branches`). An unknown
 * role, a region manager without regions or a branch manager without branches is not a valid
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
  if (role === 'branch-manager' && branches.length === 0) {
    throw new AuthenticationError('a branch-manager token must name its branches (claim branches)');
  }
  return { subject, role, regions, branches };
}
