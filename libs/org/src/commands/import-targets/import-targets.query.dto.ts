import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class ImportTargetsQuery {
  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'true: check and report, import nothing' })
  @IsOptional()
  @IsIn(['true', 'false'], { message: 'dryRun must be true or false' })
  dryRun?: 'true' | 'false';
}
