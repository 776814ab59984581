import { AuthGateModule } from '@app/auth';
import { BranchDirectory, EmployeeDirectory } from '@app/contracts';
import { CommandsModule, createBatchController, createCommandController } from '@app/platform-kit';
import { Global, Module } from '@nestjs/common';
import { AssignBranchRegionHandler } from './commands/assign-branch-region/assign-branch-region.handler';
import { assignBranchRegionRoute } from './commands/assign-branch-region/assign-branch-region.route';
import { AssignTerritoryHandler } from './commands/assign-territory/assign-territory.handler';
import { assignTerritoryRoute } from './commands/assign-territory/assign-territory.route';
import { AssignModelBrandHandler } from './commands/assign-model-brand/assign-model-brand.handler';
import { assignModelBrandRoute } from './commands/assign-model-brand/assign-model-brand.route';
import { AssignEmployeeHandler } from './commands/assign-employee/assign-employee.handler';
import { assignEmployeeRoute } from './commands/assign-employee/assign-employee.route';
import { ChangeKpiSettingHandler } from './commands/change-kpi-setting/change-kpi-setting.handler';
import { changeKpiSettingRoute } from './commands/change-kpi-setting/change-kpi-setting.route';
import { CloseBranchHandler } from './commands/close-branch/close-branch.handler';
import { closeBranchRoute } from './commands/close-branch/close-branch.route';
import { ClosePeriodHandler } from './commands/close-period/close-period.handler';
import { closePeriodRoute } from './commands/close-period/close-period.route';
import { DefineRegionHandler } from './commands/define-region/define-region.handler';
import { defineRegionRoute } from './commands/define-region/define-region.route';
import { ImportMarketRegistrationsFileController } from './commands/import-market-registrations/import-market-registrations-file.controller';
import { ImportMarketRegistrationsHandler } from './commands/import-market-registrations/import-market-registrations.handler';
import { importMarketRegistrationsRoute } from './commands/import-market-registrations/import-market-registrations.route';
import { ImportTargetsController } from './commands/import-targets/import-targets.controller';
import { ImportTargetsHandler } from './commands/import-targets/import-targets.handler';
import { OpenBranchHandler } from './commands/open-branch/open-branch.handler';
import { openBranchRoute } from './commands/open-branch/open-branch.route';
import { ReviseTargetHandler } from './commands/revise-target/revise-target.handler';
import { reviseTargetRoute } from './commands/revise-target/revise-target.route';
import { SetExchangeRateHandler } from './commands/set-exchange-rate/set-exchange-rate.handler';
import { setExchangeRateRoute } from './commands/set-exchange-rate/set-exchange-rate.route';
import { SetHolidayCalendarHandler } from './commands/set-holiday-calendar/set-holiday-calendar.handler';
import { setHolidayCalendarRoute } from './commands/set-holiday-calendar/set-holiday-calendar.route';
import { SetTargetHandler } from './commands/set-target/set-target.handler';
import { setTargetRoute } from './commands/set-target/set-target.route';
import { OrgReferences } from './commands/shared/org-references';
import { EventStoreEmployeeDirectory } from './event-store-employee-directory';
import { EventStoreBranchDirectory } from './event-store-branch-directory';

/**
 * The org route table: every command with a JSON body (the plan import and the market registrations file take a file and have their own controllers). Its single endpoints
 * (createCommandController), its batch endpoint, the OpenAPI document and the authorization
 * matrix test all read it.
 */
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
  importMarketRegistrationsRoute,
  assignTerritoryRoute,
  assignModelBrandRoute,
];

/** Head office's branches and employees as other services see them (BranchDirectory, EmployeeDirectory). Needs the EventStoreModule. */
@Global()
@Module({
  providers: [
    { provide: BranchDirectory, useClass: EventStoreBranchDirectory },
    { provide: EmployeeDirectory, useClass: EventStoreEmployeeDirectory },
  ],
  exports: [BranchDirectory, EmployeeDirectory],
})
export class BranchDirectoryModule {}

/** Head office commands. Needs the EventStoreModule and the BranchDirectoryModule. */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [
    ImportTargetsController,
    ImportMarketRegistrationsFileController,
    createCommandController('org', ORG_COMMAND_ROUTES),
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
    ImportMarketRegistrationsHandler,
    AssignTerritoryHandler,
    AssignModelBrandHandler,
  ],
})
export class OrgModule {}
