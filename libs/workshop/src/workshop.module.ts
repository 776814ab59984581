import { AuthGateModule } from '@app/auth';
import { CommandsModule, createBatchController } from '@app/platform-kit';
import { Module } from '@nestjs/common';
import { WORKSHOP_BASE_PATH, WORKSHOP_SCOPE } from './commands/command-http';
import { BookAppointmentController, bookAppointmentRoute } from './commands/book-appointment/book-appointment.controller';
import { BookAppointmentHandler } from './commands/book-appointment/book-appointment.handler';
import { OpenRepairOrderController, openRepairOrderRoute } from './commands/open-repair-order/open-repair-order.controller';
import { OpenRepairOrderHandler } from './commands/open-repair-order/open-repair-order.handler';
import { PostLabourLineController, postLabourLineRoute } from './commands/post-labour-line/post-labour-line.controller';
import { PostLabourLineHandler } from './commands/post-labour-line/post-labour-line.handler';
import { IssuePartsController, issuePartsToRepairOrderRoute } from './commands/issue-parts/issue-parts.controller';
import { IssuePartsToRepairOrderHandler } from './commands/issue-parts/issue-parts.handler';
import { CloseRepairOrderController, closeRepairOrderRoute } from './commands/close-repair-order/close-repair-order.controller';
import { CloseRepairOrderHandler } from './commands/close-repair-order/close-repair-order.handler';
import { ReopenRepairOrderController, reopenRepairOrderRoute } from './commands/reopen-repair-order/reopen-repair-order.controller';
import { ReopenRepairOrderHandler } from './commands/reopen-repair-order/reopen-repair-order.handler';
import { RegisterComebackController, registerComebackRoute } from './commands/register-comeback/register-comeback.controller';
import { RegisterComebackHandler } from './commands/register-comeback/register-comeback.handler';
import { SubmitWarrantyClaimController, submitWarrantyClaimRoute } from './commands/submit-warranty-claim/submit-warranty-claim.controller';
import { SubmitWarrantyClaimHandler } from './commands/submit-warranty-claim/submit-warranty-claim.handler';
import { DecideWarrantyClaimController, decideWarrantyClaimRoute } from './commands/decide-warranty-claim/decide-warranty-claim.controller';
import { DecideWarrantyClaimHandler } from './commands/decide-warranty-claim/decide-warranty-claim.handler';
import { CompleteFollowUpCallController, completeFollowUpCallRoute } from './commands/complete-follow-up-call/complete-follow-up-call.controller';
import { CompleteFollowUpCallHandler } from './commands/complete-follow-up-call/complete-follow-up-call.handler';
import { RecordCsiSurveyResponseController, recordCsiSurveyResponseRoute } from './commands/record-csi-survey-response/record-csi-survey-response.controller';
import { RecordCsiSurveyResponseHandler } from './commands/record-csi-survey-response/record-csi-survey-response.handler';
import { LogComplaintController, logComplaintRoute } from './commands/log-complaint/log-complaint.controller';
import { LogComplaintHandler } from './commands/log-complaint/log-complaint.handler';
import { ResolveComplaintController, resolveComplaintRoute } from './commands/resolve-complaint/resolve-complaint.controller';
import { ResolveComplaintHandler } from './commands/resolve-complaint/resolve-complaint.handler';

/** Every workshop command, for the batch endpoint (POST /api/v1/workshop/batch). */
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
  controllers: [
    BookAppointmentController,
    OpenRepairOrderController,
    PostLabourLineController,
    IssuePartsController,
    CloseRepairOrderController,
    ReopenRepairOrderController,
    RegisterComebackController,
    SubmitWarrantyClaimController,
    DecideWarrantyClaimController,
    CompleteFollowUpCallController,
    RecordCsiSurveyResponseController,
    LogComplaintController,
    ResolveComplaintController,
    createBatchController(WORKSHOP_SCOPE, WORKSHOP_BASE_PATH, WORKSHOP_COMMAND_ROUTES),
  ],
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
