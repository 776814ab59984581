import { CommandOutcome, StreamCommandResult } from '@app/event-store';
import { CommandContext } from '@app/platform-kit';
import { Command } from '@nestjs/cqrs';
import { RecordCsiSurveyResponse } from '../../domain/csi-survey.aggregate';

/** RecordCsiSurveyResponse: the validated request; the handler adds what it loads from other streams. */
export class RecordCsiSurveyResponseCommand extends Command<CommandOutcome<StreamCommandResult>> {
  constructor(
    readonly input: Omit<RecordCsiSurveyResponse, 'repairOrder' | 'vehicleSale'>,
    readonly context: CommandContext,
  ) {
    super();
  }
}
