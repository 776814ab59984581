import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { TargetValueRequest } from '../shared/target-cell.dto';

/** A new version of a target cell; names the version it supersedes. */
export class ReviseTargetRequest extends TargetValueRequest {
  @ApiProperty({ example: 1, description: 'The version in force that this revision replaces' })
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  supersedesVersion!: number;

  @ApiPropertyOptional({ example: 'mid-year plan review' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;
}
