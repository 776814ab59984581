import { FOLLOW_UP_OUTCOMES, FOLLOW_UP_OUTCOMES_NOT_REACHED, FOLLOW_UP_OUTCOMES_REACHED, FollowUpOutcome } from '@app/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, Length } from 'class-validator';
import { WorkshopRequest } from '../workshop-request.dto';
import { Satisfies } from '../workshop-validation';

const reachedOutcome = (o: Record<string, unknown>) =>
  typeof o.reached !== 'boolean' ||
  (o.reached ? (FOLLOW_UP_OUTCOMES_REACHED as readonly unknown[]) : (FOLLOW_UP_OUTCOMES_NOT_REACHED as readonly unknown[])).includes(o.outcome);

export class CompleteFollowUpCallRequest extends WorkshopRequest {
  @ApiProperty({ example: 'RO-1', description: 'The RO called about; it must have been closed before the call' })
  @IsString()
  @Length(1, 64)
  repairOrderId!: string;

  @ApiProperty({ example: 'CC-3', description: 'Who made the call' })
  @IsString()
  @Length(1, 64)
  callerId!: string;

  @ApiProperty({ description: 'Whether the customer was reached' })
  @IsBoolean()
  reached!: boolean;

  @ApiProperty({
    enum: FOLLOW_UP_OUTCOMES,
    description: `When reached: ${FOLLOW_UP_OUTCOMES_REACHED.join(', ')}; otherwise: ${FOLLOW_UP_OUTCOMES_NOT_REACHED.join(', ')}`,
  })
  @IsIn(FOLLOW_UP_OUTCOMES)
  @Satisfies(
    'outcomeMatchesReached',
    reachedOutcome,
    `outcome must be one of ${FOLLOW_UP_OUTCOMES_REACHED.join(', ')} when reached, else one of ${FOLLOW_UP_OUTCOMES_NOT_REACHED.join(', ')}`,
  )
  outcome!: FollowUpOutcome;

  @ApiPropertyOptional({ example: 'happy with the repair; asked about tyre prices' })
  @IsOptional()
  @IsString()
  @Length(1, 2000)
  notes?: string;
}
