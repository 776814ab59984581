import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController, createCommandController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { BookAppointmentHandler } from './commands/book-appointment/book-appointment.handler';
import { bookAppointmentRoute } from './commands/book-appointment/book-appointment.route';
import { OpenRepairOrderHandler } from './commands/open-repair-order/open-repair-order.handler';
import { openRepairOrderRoute } from './commands/open-repair-order/open-repair-order.route';
import { PostLabourLineHandler } from './commands/post-labour-line/post-labour-line.handler';
import { postLabourLineRoute } from './commands/post-labour-line/post-labour-line.route';
import { IssuePartsToRepairOrderHandler } from './commands/issue-parts/issue-parts.handler';
import { issuePartsToRepairOrderRoute } from './commands/issue-parts/issue-parts.route';
import { CloseRepairOrderHandler } from './commands/close-repair-order/close-repair-order.handler';
import { closeRepairOrderRoute } from './commands/close-repair-order/close-repair-order.route';
import { ReopenRepairOrderHandler } from './commands/reopen-repair-order/reopen-repair-order.handler';
import { reopenRepairOrderRoute } from './commands/reopen-repair-order/reopen-repair-order.route';
import { RegisterComebackHandler } from './commands/register-comeback/register-comeback.handler';
import { registerComebackRoute } from './commands/register-comeback/register-comeback.route';
import { SubmitWarrantyClaimHandler } from './commands/submit-warranty-claim/submit-warranty-claim.handler';
import { submitWarrantyClaimRoute } from './commands/submit-warranty-claim/submit-warranty-claim.route';
import { DecideWarrantyClaimHandler } from './commands/decide-warranty-claim/decide-warranty-claim.handler';
import { decideWarrantyClaimRoute } from './commands/decide-warranty-claim/decide-warranty-claim.route';
import { CompleteFollowUpCallHandler } from './commands/complete-follow-up-call/complete-follow-up-call.handler';
import { completeFollowUpCallRoute } from './commands/complete-follow-up-call/complete-follow-up-call.route';
import { RecordCsiSurveyResponseHandler } from './commands/record-csi-survey-response/record-csi-survey-response.handler';
import { recordCsiSurveyResponseRoute } from './commands/record-csi-survey-response/record-csi-survey-response.route';
import { LogComplaintHandler } from './commands/log-complaint/log-complaint.handler';
import { logComplaintRoute } from './commands/log-complaint/log-complaint.route';
import { ResolveComplaintHandler } from './commands/resolve-complaint/resolve-complaint.handler';
import { resolveComplaintRoute } from './commands/resolve-complaint/resolve-complaint.route';

/**
 * The workshop route table: every command with a JSON body. Its single endpoints
 * (createCommandController), its batch endpoint, the OpenAPI document and the authorization
 * matrix test all read it.
 */
export const WORKSHOP_COMMAND_ROUTES = [
  bookAppointmentRoute,
  openRepairOrderRoute,
  postLabourLineRoute,
  issuePartsToRepairOrderRoute,
  closeRepairOrderRoute,
  reopenRepairOrderRoute,
  registerComebackRoute,
  submitWarrantyClaimRoute,
  decideWarrantyClaimRoute,
  completeFollowUpCallRoute,
  recordCsiSurveyResponseRoute,
  logComplaintRoute,
  resolveComplaintRoute,
];

/**
 * The workshop (after-sales service) bounded context's command side: appointments, repair
 * orders and their lines, comebacks, warranty claims, follow-up calls, CSI surveys, complaints.
 * Needs the EventStoreModule and a BranchDirectory.
 */
@Module({
  imports: [AuthGateModule, CommandsModule],
  controllers: [createCommandController('workshop', WORKSHOP_COMMAND_ROUTES), createBatchController('workshop', 'api/v1/workshop', WORKSHOP_COMMAND_ROUTES)],
  providers: [
    BookAppointmentHandler,
    OpenRepairOrderHandler,
    PostLabourLineHandler,
    IssuePartsToRepairOrderHandler,
    CloseRepairOrderHandler,
    ReopenRepairOrderHandler,
    RegisterComebackHandler,
    SubmitWarrantyClaimHandler,
    DecideWarrantyClaimHandler,
    CompleteFollowUpCallHandler,
    RecordCsiSurveyResponseHandler,
    LogComplaintHandler,
    ResolveComplaintHandler,
  ],
})
export class WorkshopModule {}
