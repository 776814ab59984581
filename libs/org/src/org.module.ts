import { AuthGateModule } from '@app/auth';
import { BranchDirectory } from '@app/contracts';
import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Global, Module } from '@nestjs/common';
import { AssignBranchRegionController, assignBranchRegionRoute } from './commands/assign-branch-region/assign-branch-region.controller';
import { AssignBranchRegionHandler } from './commands/assign-branch-region/assign-branch-region.handler';
import { AssignEmployeeController, assignEmployeeRoute } from './commands/assign-employee/assign-employee.controller';
import { AssignEmployeeHandler } from './commands/assign-employee/assign-employee.handler';
import { ChangeKpiSettingController, changeKpiSettingRoute } from './commands/change-kpi-setting/change-kpi-setting.controller';
import { ChangeKpiSettingHandler } from './commands/change-kpi-setting/change-kpi-setting.handler';
import { CloseBranchController, closeBranchRoute } from './commands/close-branch/close-branch.controller';
import { CloseBranchHandler } from './commands/close-branch/close-branch.handler';
import { ClosePeriodController, closePeriodRoute } from './commands/close-period/close-period.controller';
import { ClosePeriodHandler } from './commands/close-period/close-period.handler';
import { DefineRegionController, defineRegionRoute } from './commands/define-region/define-region.controller';
import { DefineRegionHandler } from './commands/define-region/define-region.handler';
import { ImportTargetsController } from './commands/import-targets/import-targets.controller';
import { ImportTargetsHandler } from './commands/import-targets/import-targets.handler';
import { OpenBranchController, openBranchRoute } from './commands/open-branch/open-branch.controller';
import { OpenBranchHandler } from './commands/open-branch/open-branch.handler';
import { ReviseTargetController, reviseTargetRoute } from './commands/revise-target/revise-target.controller';
import { ReviseTargetHandler } from './commands/revise-target/revise-target.handler';
import { SetExchangeRateController, setExchangeRateRoute } from './commands/set-exchange-rate/set-exchange-rate.controller';
import { SetExchangeRateHandler } from './commands/set-exchange-rate/set-exchange-rate.handler';
import { SetHolidayCalendarController, setHolidayCalendarRoute } from './commands/set-holiday-calendar/set-holiday-calendar.controller';
import { SetHolidayCalendarHandler } from './commands/set-holiday-calendar/set-holiday-calendar.handler';
import { SetTargetController, setTargetRoute } from './commands/set-target/set-target.controller';
import { SetTargetHandler } from './commands/set-target/set-target.handler';
import { OrgReferences } from './commands/shared/org-references';
import { EventStoreBranchDirectory } from './event-store-branch-directory';

/** Every org command with a JSON body, for the batch endpoint (the plan import takes a file and is not one of them). */
export const ORG_COMMAND_ROUTES = [
  openBranchRoute,
  closeBranchRoute,
  defineRegionRoute,
  assignBranchRegionRoute,
  assignEmployeeRoute,
  setTargetRoute,
  reviseTargetRoute,
  setExchangeRateRoute,
  setHolidayCalendarRoute,
  changeKpiSettingRoute,
  closePeriodRoute,
];

/** Head office's branches as other services see them (BranchDirectory). Needs the EventStoreModule. */
@Global()
@Module({
  providers: [{ provide: BranchDirectory, useClass: EventStoreBranchDirectory }],
  exports: [BranchDirectory],
})
export class BranchDirectoryModule {}

/** Head office commands. Needs the EventStoreModule and the BranchDirectoryModule. */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [
    OpenBranchController,
    CloseBranchController,
    DefineRegionController,
    AssignBranchRegionController,
    AssignEmployeeController,
    ImportTargetsController,
    SetTargetController,
    ReviseTargetController,
    SetExchangeRateController,
    SetHolidayCalendarController,
    ChangeKpiSettingController,
    ClosePeriodController,
    createBatchController('org', 'api/v1/org', ORG_COMMAND_ROUTES),
  ],
  providers: [
    OrgReferences,
    OpenBranchHandler,
    CloseBranchHandler,
    DefineRegionHandler,
    AssignBranchRegionHandler,
    AssignEmployeeHandler,
    SetTargetHandler,
    ReviseTargetHandler,
    ImportTargetsHandler,
    SetExchangeRateHandler,
    SetHolidayCalendarHandler,
    ChangeKpiSettingHandler,
    ClosePeriodHandler,
  ],
})
export class OrgModule {}
