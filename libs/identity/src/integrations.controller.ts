import { CurrentPrincipal } from '@app/auth';
import { ApiErrorResponses, assertHeadOffice, causes, Principal } from '@app/platform-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import {
  ApiHeadOfficeRoutes,
  BODY_REFUSALS,
  IntegrationAccountDto,
  IntegrationAccountWithSecretDto,
  INVALID_BODY,
  NO_STORE_HEADERS,
} from './identity-api.docs';
import { CreateIntegrationRequest } from './identity.dto';
import { IntegrationAccountsService, IntegrationAccountView } from './integration-accounts.service';

const INTEGRATIONS = 'integration accounts';

/** A secret answer: never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

const INTEGRATION_NOT_FOUND = 'No integration account with this client id (INTEGRATION_NOT_FOUND)';

/** The path parameter of one account. */
const ApiClientId = (): MethodDecorator => ApiParam({ name: 'clientId', description: "The account's client id", schema: { type: 'string' } });

/** Head office manages the integration accounts of dealer systems (client credentials). */
@ApiTags('integrations')
@ApiHeadOfficeRoutes(INTEGRATIONS)
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Every integration account, revoked ones included (head office only; secrets are never shown again)' })
  @ApiOkResponse({ description: 'Every integration account, by client id, without secrets', type: [IntegrationAccountDto] })
  list(@CurrentPrincipal() principal: Principal): Promise<IntegrationAccountView[]> {
    assertHeadOffice(principal, INTEGRATIONS);
    return this.integrations.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account: answers its clientSecret once (head office only); 409 CLIENT_ID_TAKEN' })
  @ApiCreatedResponse({
    description: 'The account, created, with its client secret (shown this once)',
    type: IntegrationAccountWithSecretDto,
    headers: NO_STORE_HEADERS,
  })
  @ApiErrorResponses({
    ...BODY_REFUSALS,
    400: INVALID_BODY,
    409: causes('The client id is taken (CLIENT_ID_TAKEN)', 'client ids of revoked accounts are not reused'),
  })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateIntegrationRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IntegrationAccountView & { clientSecret: string }> {
    assertHeadOffice(principal, INTEGRATIONS);
    const { account, clientSecret } = await this.integrations.create(principal.subject, body);
    response.set(NO_STORE);
    return { ...account, clientSecret };
  }

  @Post(':clientId/secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'Rotate the secret: answers the new one once; the old secret and its tokens stop working (head office only)' })
  @ApiClientId()
  @ApiOkResponse({ description: 'The account with its new client secret (shown this once)', type: IntegrationAccountWithSecretDto, headers: NO_STORE_HEADERS })
  @ApiErrorResponses({ 404: INTEGRATION_NOT_FOUND, 409: 'The account is revoked (INTEGRATION_REVOKED)' })
  async rotate(
    @CurrentPrincipal() principal: Principal,
    @Param('clientId') clientId: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<IntegrationAccountView & { clientSecret: string }> {
    assertHeadOffice(principal, INTEGRATIONS);
    const { account, clientSecret } = await this.integrations.rotate(principal.subject, clientId);
    response.set(NO_STORE);
    return { ...account, clientSecret };
  }

  @Delete(':clientId')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the account: its secret and tokens stop working (head office only)' })
  @ApiClientId()
  @ApiNoContentResponse({ description: 'The account is revoked (also when it already was)' })
  @ApiErrorResponses({ 404: INTEGRATION_NOT_FOUND })
  async revoke(@CurrentPrincipal() principal: Principal, @Param('clientId') clientId: string): Promise<void> {
    assertHeadOffice(principal, INTEGRATIONS);
    await this.integrations.revoke(principal.subject, clientId);
  }
}
