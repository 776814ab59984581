import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { IsLocalDate, ORG_ID_PATTERN, orgIdMessage } from '../shared/org-validation';

export class AssignBranchRegionRequest {
  @ApiProperty({ example: 'EAST' })
  @Matches(ORG_ID_PATTERN, { message: orgIdMessage('regionId') })
  regionId!: string;

  @ApiProperty({ example: '2026-03-15', description: 'First business date on which the branch belongs to the region' })
  @IsLocalDate()
  effectiveFrom!: string;
}
