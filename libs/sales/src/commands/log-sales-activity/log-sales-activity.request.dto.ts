import { SALES_ACTIVITY_KINDS, SALES_ACTIVITY_NOTE_MAX, SalesActivityKind } from '@app/contracts';
import { IsPlausibleInstant } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';

/** A call or a visit of a sales consultant (sales activity against quota). */
export class LogSalesActivityRequest {
  @ApiProperty({ example: 'SH-01' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiPropertyOptional({
    example: 'E-0042',
    description:
      "The sales consultant (employee id) who made the call or visit, a sales consultant of the branch on the activity's business date. A sales consultant's own token may omit it (their own activity: the employee their user account is linked to, token claim employee_id; without the link 403 NO_EMPLOYEE_LINK) and may not name another (403 NOT_OWN_ACTIVITY); head office, the branch manager and dealer systems name it.",
  })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  consultantId?: string;

  @ApiProperty({ enum: SALES_ACTIVITY_KINDS, description: 'call: a phone call; visit: a visit to or from a prospect or customer' })
  @IsIn(SALES_ACTIVITY_KINDS)
  kind!: SalesActivityKind;

  @ApiPropertyOptional({ example: 'L-2026-0007', description: 'The lead the activity was about' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  leadId?: string;

  @ApiPropertyOptional({ example: 'C-1001', description: 'The customer the activity was about' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  customerId?: string;

  @ApiPropertyOptional({
    example: 'Quote for the Lavida sent; test drive on Saturday',
    description: `Free text, at most ${SALES_ACTIVITY_NOTE_MAX} characters`,
  })
  @IsOptional()
  @IsString()
  @Length(1, SALES_ACTIVITY_NOTE_MAX)
  note?: string;

  @ApiProperty({ example: '2026-01-05T02:15:00Z', description: 'When the call or visit took place (UTC instant)' })
  @IsPlausibleInstant()
  occurredAt!: string;
}
