import { CurrentPrincipal } from '@app/auth';
import { Principal } from '@app/platform-kit';
import { Body, Controller, Delete, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { assertHeadOffice } from './head-office';
import { CreateIntegrationRequest } from './identity.dto';
import { IntegrationAccountsService, IntegrationAccountView } from './integration-accounts.service';

const INTEGRATIONS = 'integration accounts';

/** A secret answer: never cached. */
const NO_STORE = { 'Cache-Control': 'no-store', Pragma: 'no-cache' };

/** Head office manages the integration accounts of dealer systems (client credentials). */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/integrations')
export class IntegrationsController {
  constructor(private readonly integrations: IntegrationAccountsService) {}

  @Get()
  @ApiOperation({ summary: 'Every integration account, revoked ones included (head office only; secrets are never shown again)' })
  list(@CurrentPrincipal() principal: Principal): Promise<IntegrationAccountView[]> {
    assertHeadOffice(principal, INTEGRATIONS);
    return this.integrations.list();
  }

  @Post()
  @ApiOperation({ summary: 'Create an account: answers its clientSecret once (head office only); 409 CLIENT_ID_TAKEN' })
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
  async revoke(@CurrentPrincipal() principal: Principal, @Param('clientId') clientId: string): Promise<void> {
    assertHeadOffice(principal, INTEGRATIONS);
    await this.integrations.revoke(principal.subject, clientId);
  }
}
