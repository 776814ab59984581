import { parseArgs } from 'node:util';
import { DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from './auth.settings';
import type { DevTokenClaims } from './dev-token';
import { BRANCH_ROLES, EMPLOYEE_ID_PATTERN, isRole, ROLES } from './principal';

export const TOKEN_USAGE = `usage: npm run -s token -- --role <${ROLES.join('|')}> [--region ID]... [--branch ID]... [--context sales|workshop|parts]... [--subject SUB] [--employee ID] [--expires 12h]
  region-manager needs --region; ${BRANCH_ROLES.join(', ')} need --branch; integration needs --context;
  an analyst with --region/--branch is limited to them.
  --employee links the token to an employee (claim employee_id): a sales-staff token logs that employee's own activities.
  --expires is at most AUTH_MAX_TOKEN_LIFETIME (default 24h): the platform refuses longer-lived tokens.
  Signs an HS256 token with AUTH_JWT_SECRET (else the development secret) for audience AUTH_AUDIENCE (else dealer-kpi).`;

const SPAN = /^(\d+)\s*(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds of a span as `--expires` takes it (jose's units: `90s`, `30m`, `12h`, `7d`, `2w`). */
function spanSeconds(span: string): number | undefined {
  const match = SPAN.exec(span);
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2]!.charAt(0)]!;
}

export class TokenArgsError extends Error {}

/**
 * The claims and expiry of `npm run token -- …`; throws {@link TokenArgsError} with what is wrong.
 * The expiry is at most `maxLifetimeSeconds` (AUTH_MAX_TOKEN_LIFETIME), the longest lifetime the
 * platform accepts; the default, 12 hours, is shortened to it when it is lower.
 */
export function parseTokenArgs(
  argv: readonly string[],
  maxLifetimeSeconds = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
): { claims: DevTokenClaims; expiresIn: string } | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        role: { type: 'string' },
        region: { type: 'string', multiple: true },
        branch: { type: 'string', multiple: true },
        context: { type: 'string', multiple: true },
        subject: { type: 'string' },
        employee: { type: 'string' },
        expires: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new TokenArgsError((error as Error).message);
  }
  if (values.help) return 'help';
  const role = values.role;
  if (!isRole(role)) throw new TokenArgsError(`--role must be one of ${ROLES.join(', ')}`);
  const regions = (values.region ?? []).flatMap((r) => r.split(',')).filter((r) => r !== '');
  const branches = (values.branch ?? []).flatMap((b) => b.split(',')).filter((b) => b !== '');
  if (role === 'region-manager' && regions.length === 0) throw new TokenArgsError('a region-manager token needs --region');
  const contexts = (values.context ?? []).flatMap((c) => c.split(',')).filter((c) => c !== '');
  if (BRANCH_ROLES.includes(role) && branches.length === 0) throw new TokenArgsError(`a ${role} token needs --branch`);
  if (role === 'integration' && contexts.length === 0) throw new TokenArgsError('an integration token needs --context');
  const employeeId = values.employee;
  if (employeeId !== undefined && !EMPLOYEE_ID_PATTERN.test(employeeId)) {
    throw new TokenArgsError('--employee must be an employee id: 1 to 64 letters, digits, ".", "_" or "-"');
  }
  if (employeeId !== undefined && role === 'integration') throw new TokenArgsError('an integration token has no --employee');
  const expiresIn = values.expires ?? (12 * 3600 <= maxLifetimeSeconds ? '12h' : `${maxLifetimeSeconds}s`);
  const seconds = spanSeconds(expiresIn);
  if (seconds === undefined || seconds === 0) throw new TokenArgsError('--expires must be a span such as 30m, 12h or 7d');
  if (seconds > maxLifetimeSeconds) {
    throw new TokenArgsError(`--expires ${expiresIn} is longer than AUTH_MAX_TOKEN_LIFETIME (${maxLifetimeSeconds} s): the platform would refuse the token`);
  }
  return {
    claims: {
      role,
      ...(regions.length > 0 ? { regions } : {}),
      ...(branches.length > 0 ? { branches } : {}),
      ...(contexts.length > 0 ? { contexts } : {}),
      ...(values.subject ? { subject: values.subject } : {}),
      ...(employeeId !== undefined ? { employeeId } : {}),
    },
    expiresIn,
  };
}
