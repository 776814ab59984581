import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class ClosePeriodRequest {
  @ApiPropertyOptional({ example: 'January close; bonuses are paid on these figures', nullable: true })
  @IsOptional()
  @IsString({ message: 'reason must be text' })
  @Length(1, 200)
  reason?: string | null;
}
