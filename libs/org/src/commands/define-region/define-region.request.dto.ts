import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';
import { ORG_ID_PATTERN, orgIdMessage } from '../shared/org-validation';

export class DefineRegionRequest {
  @ApiProperty({ example: 'EAST' })
  @Matches(ORG_ID_PATTERN, { message: orgIdMessage('regionId') })
  regionId!: string;

  @ApiProperty({ example: 'East China' })
  @IsString()
  @Length(1, 200)
  name!: string;
}
