import { CurrentPrincipal } from '@app/auth';
import { ApiErrorResponses, assertHeadOffice, causes, Principal } from '@app/platform-kit';
import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ApiHeadOfficeRoutes, BODY_REFUSALS, INVALID_BODY, USER_ETAG_HEADER, UserViewDto } from './identity-api.docs';
import { CreateUserRequest, ResetPasswordRequest, UpdateUserRequest } from './identity.dto';
import { validationFailed } from './identity.errors';
import { UsersService, UserView } from './users.service';

/** `"3"`, `W/"3"` or `3` → 3; undefined when absent; 400 when unreadable. */
function expectedVersion(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined || ifMatch.trim() === '' || ifMatch.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(ifMatch);
  if (!match) throw validationFailed([{ field: 'If-Match', messages: ['If-Match must be the version of the user, e.g. "3"'] }]);
  return Number(match[1]);
}

const USERS = 'users';

const USER_NOT_FOUND = 'No user with this id (USER_NOT_FOUND)';
const PASSWORD_PROBLEMS = 'the password is too short, is the username or breaks the password policy (VALIDATION_FAILED, field password)';

/** The path parameter of one user. */
const ApiUserId = (): MethodDecorator => ApiParam({ name: 'userId', description: "The user's id (a UUID)", schema: { type: 'string', format: 'uuid' } });

/** Head office manages users: create, change role/scope/name, disable, reset password, revoke sessions. */
@ApiTags('users')
@ApiHeadOfficeRoutes(USERS)
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Every user (head office only)' })
  @ApiOkResponse({ description: 'Every user, by username', type: [UserViewDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<UserView[]> {
    assertHeadOffice(principal, USERS);
    return this.users.list();
  }

  @Get(':userId')
  @ApiOperation({ summary: 'One user (head office only)' })
  @ApiUserId()
  @ApiOkResponse({ description: 'The user', type: UserViewDto, headers: USER_ETAG_HEADER })
  @ApiErrorResponses({ 404: USER_NOT_FOUND })
  async get(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Res({ passthrough: true }) response: Response): Promise<UserView> {
    assertHeadOffice(principal, USERS);
    const user = await this.users.get(userId);
    response.setHeader('ETag', `"${user.version}"`);
    return user;
  }

  @Post()
  @ApiOperation({ summary: 'Create a user (head office only); 409 USERNAME_TAKEN' })
  @ApiCreatedResponse({
    description: 'The user, created',
    type: UserViewDto,
    headers: { ...USER_ETAG_HEADER, Location: { description: 'The new user: /api/v1/users/<id>', schema: { type: 'string' } } },
  })
  @ApiErrorResponses({
    ...BODY_REFUSALS,
    400: causes(INVALID_BODY, 'a region-manager without regions or a branch role without branches (VALIDATION_FAILED)', PASSWORD_PROBLEMS),
    409: 'The username is taken, case ignored (USERNAME_TAKEN)',
  })
  async create(@CurrentPrincipal() principal: Principal, @Body() body: CreateUserRequest, @Res({ passthrough: true }) response: Response): Promise<UserView> {
    assertHeadOffice(principal, USERS);
    const user = await this.users.create(principal.subject, body);
    response.setHeader('ETag', `"${user.version}"`);
    response.setHeader('Location', `/api/v1/users/${user.id}`);
    return user;
  }

  @Patch(':userId')
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version the change is based on; 409 VERSION_CONFLICT when it is not the current one' })
  @ApiOperation({ summary: "Change name, role, scope or disable (head office only); a role or scope change, or disabling, revokes the user's sessions" })
  @ApiUserId()
  @ApiOkResponse({ description: 'The user after the change (unchanged when nothing differed)', type: UserViewDto, headers: USER_ETAG_HEADER })
  @ApiErrorResponses({
    ...BODY_REFUSALS,
    400: causes(
      INVALID_BODY,
      'a region-manager without regions or a branch role without branches (VALIDATION_FAILED)',
      'an unreadable If-Match (VALIDATION_FAILED, field If-Match)',
    ),
    404: USER_NOT_FOUND,
    409: 'If-Match names another version than the current one (VERSION_CONFLICT), or the change would leave no enabled head-office user (LAST_HEAD_OFFICE)',
  })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('userId') userId: string,
    @Body() body: UpdateUserRequest,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserView> {
    assertHeadOffice(principal, USERS);
    const user = await this.users.update(principal.subject, userId, body, expectedVersion(ifMatch));
    response.setHeader('ETag', `"${user.version}"`);
    return user;
  }

  @Post(':userId/password')
  @HttpCode(204)
  @ApiOperation({ summary: "Reset the password (head office only); revokes the user's sessions" })
  @ApiUserId()
  @ApiNoContentResponse({ description: "The password is reset and the user's sessions are revoked" })
  @ApiErrorResponses({ ...BODY_REFUSALS, 400: causes(INVALID_BODY, PASSWORD_PROBLEMS), 404: USER_NOT_FOUND })
  async resetPassword(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string, @Body() body: ResetPasswordRequest): Promise<void> {
    assertHeadOffice(principal, USERS);
    await this.users.resetPassword(principal.subject, userId, body.password);
  }

  @Delete(':userId/sessions')
  @HttpCode(204)
  @ApiOperation({ summary: "Revoke every session of the user (head office only): the user's tokens are refused from now on" })
  @ApiUserId()
  @ApiNoContentResponse({ description: 'Every open session of the user is revoked' })
  @ApiErrorResponses({ 404: USER_NOT_FOUND })
  async revokeSessions(@CurrentPrincipal() principal: Principal, @Param('userId') userId: string): Promise<void> {
    assertHeadOffice(principal, USERS);
    await this.users.revokeSessions(principal.subject, userId);
  }
}
