import { IsPlausibleInstant } from '@app/platform-kit';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** What every workshop command names: the branch it is booked at and when it happened. */
export abstract class WorkshopRequest {
  @ApiProperty({ example: 'SH-01', description: 'The branch; it must be open, and money must be in its currency' })
  @IsString()
  @Length(1, 64)
  branchId!: string;

  @ApiProperty({
    example: '2026-01-03T01:00:00Z',
    description: 'When it happened (ISO-8601 instant with a zone; not before 2000, at most 5 minutes in the future)',
  })
  @IsPlausibleInstant()
  occurredAt!: string;
}
