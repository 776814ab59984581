import { ApiErrorResponses, BRANCH_CONTEXTS, BranchContext, causes, ErrorCauses, GATE_REFUSALS, ROLES, Role } from '@app/platform-kit';
import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { SignedInUser, SignInResponse } from './auth.controller';
import type { IntegrationAccountView } from './integration-accounts.service';
import type { SignInConfig } from './oidc-discovery';
import { USER_ROLES, UserRole, UserView } from './users.service';

/**
 * The OpenAPI shapes of the identity answers. The controllers return the services' own types;
 * these classes only describe them (a field added there belongs here too: `implements` keeps the
 * names and types in step).
 */

const USER_ID = '0b9f6c3e-5d2a-4f7e-9c1b-2a8d4e6f1a3c';
const INSTANT = '2026-03-01T08:30:00.000Z';

/** The gate's refusals on the identity routes: its session check also reads the identity tables. */
export const IDENTITY_GATE_REFUSALS = {
  ...GATE_REFUSALS,
  401: causes(
    GATE_REFUSALS[401],
    'or its sign-in session ended (signed out, revoked, expired, the user disabled) or its integration secret was rotated or revoked',
  ),
  503: causes(GATE_REFUSALS[503], 'or sign-in sessions cannot be checked now (AUTH_UNAVAILABLE)', 'or Postgres is unavailable (STORE_UNAVAILABLE)'),
} as const satisfies ErrorCauses;

/** 503 of a public route that reads the identity tables. */
export const STORE_UNAVAILABLE = 'Postgres is unavailable (STORE_UNAVAILABLE); retry later';

/** What every route with a JSON body may answer before its handler runs. */
export const BODY_REFUSALS = {
  413: 'The body is larger than the limit (PAYLOAD_TOO_LARGE)',
  415: 'The body is not application/json (UNSUPPORTED_MEDIA_TYPE)',
} as const satisfies ErrorCauses;

/** 400 of a body the parser or the validation refuses. */
export const INVALID_BODY =
  'Invalid fields, one message per field (VALIDATION_FAILED), unreadable JSON (BAD_REQUEST) or a body nested too deep (BODY_TOO_DEEP)';

/** Head office's admin routes: the bearer token, the gate's refusals and 403 for other roles. */
export function ApiHeadOfficeRoutes(what: string): ClassDecorator {
  return applyDecorators(
    ApiBearerAuth(),
    ApiErrorResponses({ ...IDENTITY_GATE_REFUSALS, 403: `The caller is not a head-office user (ROLE_FORBIDDEN): only head office manages ${what}` }),
  );
}

/** A signed-in caller's own routes (any role): the bearer token and the gate's refusals. */
export function ApiSignedInRoute(): MethodDecorator {
  return applyDecorators(ApiBearerAuth(), ApiErrorResponses(IDENTITY_GATE_REFUSALS));
}

/** The `Cache-Control: no-store` of an answer with a token or a secret. */
export const NO_STORE_HEADERS = {
  'Cache-Control': { description: 'no-store: the answer holds a secret', schema: { type: 'string', example: 'no-store' } },
  Pragma: { description: 'no-cache', schema: { type: 'string', example: 'no-cache' } },
};

/** The ETag of an answer with a user. */
export const USER_ETAG_HEADER = {
  ETag: { description: 'The version of the user, e.g. "3": send it as If-Match with the next change', schema: { type: 'string' } },
};

export class SignedInUserDto implements SignedInUser {
  @ApiProperty({ example: USER_ID, description: "The user's id (the token's subject)" })
  id!: string;

  @ApiProperty({ example: 'li.wei' })
  username!: string;

  @ApiProperty({ example: 'Li Wei' })
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES, example: 'branch-manager' })
  role!: string;

  @ApiProperty({ type: [String], example: [], description: 'Regions of a region-manager (or limiting an analyst)' })
  regions!: string[];

  @ApiProperty({ type: [String], example: ['SH-01'], description: 'Branches of a branch role (or limiting an analyst)' })
  branches!: string[];

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'E-1001',
    description:
      "The employee the account is linked to by head office (token claim employee_id): a sales consultant logs this employee's own activities; null when not linked",
  })
  employeeId!: string | null;
}

export class SignInResponseDto implements SignInResponse {
  @ApiProperty({
    example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…',
    description: 'The bearer token of the new session; send it as `Authorization: Bearer <token>`',
  })
  accessToken!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  tokenType!: 'Bearer';

  @ApiProperty({ example: INSTANT, format: 'date-time', description: 'When the session and its token end' })
  expiresAt!: string;

  @ApiProperty({ type: SignedInUserDto })
  user!: SignedInUserDto;
}

/** The principal as the gate attached it (see libs/auth principalFromClaims). */
export class PrincipalDto {
  @ApiProperty({ enum: ['user', 'integration'], example: 'user', description: 'A person (sign-in or OIDC token) or an integration account' })
  kind!: 'user' | 'integration';

  @ApiProperty({ example: USER_ID, description: "The token's subject: a user id, or `integration:<clientId>`" })
  subject!: string;

  @ApiProperty({ enum: ROLES, example: 'branch-manager' })
  role!: Role;

  @ApiProperty({ type: [String], example: [], description: 'Regions named in the token' })
  regions!: string[];

  @ApiProperty({ type: [String], example: ['SH-01'], description: 'Branches named in the token' })
  branches!: string[];

  @ApiProperty({ enum: BRANCH_CONTEXTS, isArray: true, example: [], description: 'The contexts an integration account may write; empty for a user' })
  contexts!: BranchContext[];

  @ApiPropertyOptional({ example: '7d0c2a4e-1f3b-4c5d-8e9f-0a1b2c3d4e5f', description: "The token's sign-in session (claim sid), when it has one" })
  sessionId?: string;

  @ApiPropertyOptional({ example: 'E-1001', description: 'The employee the user account is linked to (claim employee_id), when it is' })
  employeeId?: string;
}

export class AuthMeDto {
  @ApiProperty({ type: PrincipalDto, description: 'Who the token says the caller is' })
  principal!: PrincipalDto;

  @ApiProperty({
    type: SignedInUserDto,
    nullable: true,
    description: 'The user of a token whose subject is a user of this platform; null for an integration account or a token from elsewhere',
  })
  user!: SignedInUserDto | null;
}

class OidcSignInConfigDto {
  @ApiProperty({ example: 'https://login.example.com/realms/dealer-kpi' })
  issuer!: string;

  @ApiProperty({ example: 'https://login.example.com/realms/dealer-kpi/protocol/openid-connect/auth' })
  authorizationEndpoint!: string;

  @ApiProperty({ example: 'https://login.example.com/realms/dealer-kpi/protocol/openid-connect/token' })
  tokenEndpoint!: string;

  @ApiPropertyOptional({ example: 'https://login.example.com/realms/dealer-kpi/protocol/openid-connect/logout', description: 'When the provider names one' })
  endSessionEndpoint?: string;

  @ApiProperty({ example: 'dealer-kpi-dashboard', description: "The dashboard's client at the provider" })
  clientId!: string;

  @ApiProperty({ example: 'openid profile' })
  scope!: string;
}

export class SignInConfigDto implements SignInConfig {
  @ApiProperty({
    enum: ['password', 'oidc'],
    example: 'password',
    description: 'password: the sign-in form (POST /api/v1/auth/sign-in); oidc: authorization code + PKCE at the provider',
  })
  signIn!: 'password' | 'oidc';

  @ApiPropertyOptional({ type: OidcSignInConfigDto, description: 'Only with signIn oidc' })
  oidc?: OidcSignInConfigDto;
}

/** The body of `POST /api/v1/auth/token` (only described: the handler reads it itself). */
export class ClientCredentialsRequestDto {
  @ApiProperty({ enum: ['client_credentials'], example: 'client_credentials' })
  grant_type!: 'client_credentials';

  @ApiPropertyOptional({ example: 'dms-shanghai', description: 'Unless the client is in HTTP Basic (Authorization: Basic base64(client_id:client_secret))' })
  client_id?: string;

  @ApiPropertyOptional({ format: 'password', description: 'Unless the client is in HTTP Basic' })
  client_secret?: string;
}

/** An OAuth 2.0 access token answer (RFC 6749 §5.1). */
export class ClientCredentialsTokenDto {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…', description: "The integration account's bearer token" })
  access_token!: string;

  @ApiProperty({ enum: ['Bearer'], example: 'Bearer' })
  token_type!: 'Bearer';

  @ApiProperty({ example: 3600, description: 'Seconds until the token expires' })
  expires_in!: number;
}

export class UserViewDto implements UserView {
  @ApiProperty({ example: USER_ID })
  id!: string;

  @ApiProperty({ example: 'li.wei' })
  username!: string;

  @ApiProperty({ example: 'Li Wei' })
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES, example: 'branch-manager' })
  role!: UserRole;

  @ApiProperty({ type: [String], example: [], description: 'Empty for head office' })
  regions!: string[];

  @ApiProperty({ type: [String], example: ['SH-01'], description: 'Empty for head office' })
  branches!: string[];

  @ApiProperty({ example: false, description: 'A disabled user cannot sign in' })
  disabled!: boolean;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'E-1001',
    description:
      "The employee the account is linked to by head office (token claim employee_id): a sales consultant logs this employee's own activities; null when not linked",
  })
  employeeId!: string | null;

  @ApiProperty({ example: 3, description: 'Increases with every change; send it back as If-Match: "<version>" to change only that version' })
  version!: number;

  @ApiProperty({ example: INSTANT, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: USER_ID, description: 'Who created the user (a user id, or system:first-start)' })
  createdBy!: string;

  @ApiProperty({ example: INSTANT, format: 'date-time' })
  updatedAt!: string;

  @ApiProperty({ example: USER_ID, description: 'Who changed the user last' })
  updatedBy!: string;

  @ApiProperty({ example: 1, description: 'Open, unexpired sign-in sessions' })
  activeSessions!: number;
}

export class IntegrationAccountDto implements IntegrationAccountView {
  @ApiProperty({ example: 'dms-shanghai' })
  clientId!: string;

  @ApiProperty({ example: 'DMS Shanghai branches' })
  name!: string;

  @ApiProperty({ type: [String], example: ['SH-01'] })
  branches!: string[];

  @ApiProperty({ enum: BRANCH_CONTEXTS, isArray: true, example: ['sales'] })
  contexts!: BranchContext[];

  @ApiProperty({ enum: ['active', 'revoked'], example: 'active' })
  status!: 'active' | 'revoked';

  @ApiProperty({ example: INSTANT, format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ example: USER_ID, description: 'The head-office user who created it' })
  createdBy!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'When the secret was last rotated; null when never' })
  rotatedAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: null, description: 'When the account was revoked; null while active' })
  revokedAt!: string | null;
}

export class IntegrationAccountWithSecretDto extends IntegrationAccountDto {
  @ApiProperty({ example: 'dkpi_3q2-7wEJx…', description: 'The client secret, shown this once (stored hashed): keep it in the dealer system' })
  clientSecret!: string;
}
