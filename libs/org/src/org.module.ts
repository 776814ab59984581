import { BranchDirectory } from '@app/contracts';
import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Global, Module } from '@nestjs/common';
import { CloseBranchController, closeBranchRoute } from './commands/close-branch/close-branch.controller';
import { CloseBranchHandler } from './commands/close-branch/close-branch.handler';
import { OpenBranchController, openBranchRoute } from './commands/open-branch/open-branch.controller';
import { OpenBranchHandler } from './commands/open-branch/open-branch.handler';
import { EventStoreBranchDirectory } from './event-store-branch-directory';

/** Every org command, for the batch endpoint. */
export const ORG_COMMAND_ROUTES = [openBranchRoute, closeBranchRoute];

/** Head office's branches as other services see them (BranchDirectory). Needs the EventStoreModule. */
@Global()
@Module({
  providers: [{ provide: BranchDirectory, useClass: EventStoreBranchDirectory }],
  exports: [BranchDirectory],
})
export class BranchDirectoryModule {}

/** Head office commands. Needs the EventStoreModule. */
@Module({
  imports: [CommandsModule],
  controllers: [OpenBranchController, CloseBranchController, createBatchController('org', 'api/v1/org', ORG_COMMAND_ROUTES)],
  providers: [OpenBranchHandler, CloseBranchHandler],
})
export class OrgModule {}
