import { ApiProperty } from '@nestjs/swagger';
import { Matches, ValidateIf } from 'class-validator';
import { IsLocalDate, ORG_ID_PATTERN, orgIdMessage } from '../shared/org-validation';

export class AssignTerritoryRequest {
  @ApiProperty({ example: 'SH-01', nullable: true, type: String, description: 'The branch owning the area from effectiveFrom on; null = no branch owns it' })
  @ValidateIf((_, value) => value !== null)
  @Matches(ORG_ID_PATTERN, { message: orgIdMessage('branchId') })
  branchId!: string | null;

  @ApiProperty({ example: '2026-01-01', description: "First business date on which the area belongs to the branch's territory" })
  @IsLocalDate()
  effectiveFrom!: string;
}
