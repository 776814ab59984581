import { AuthGateModule } from '@app/auth';
import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log';
import { AuthController } from './auth.controller';
import { FirstAccount } from './first-account';
import { IntegrationAccountsService } from './integration-accounts.service';
import { IntegrationsController } from './integrations.controller';
import { SignInConfigService } from './oidc-discovery';
import { PasswordHasher } from './password-hasher';
import { SignInAttempts } from './rate-limits';
import { SessionCheckModule } from './session-check.module';
import { TokenIssuer } from './token-issuer';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/**
 * Users, sign-in sessions and integration accounts (needs the global EventStoreModule: the tables
 * live in its Postgres): sign-in, sign-out and the client-credentials token endpoint, head
 * office's admin API, the session check and bad-token limit of the gate, and the first account.
 */
@Module({
  imports: [AuthGateModule, SessionCheckModule.forEventStore()],
  controllers: [AuthController, UsersController, IntegrationsController],
  providers: [PasswordHasher, AuditLog, UsersService, IntegrationAccountsService, TokenIssuer, SignInAttempts, SignInConfigService, FirstAccount],
  exports: [UsersService, IntegrationAccountsService, AuditLog, FirstAccount],
})
export class IdentityModule {}
