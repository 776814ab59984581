import { Department, DEPARTMENTS, EMPLOYEE_ROLES, EmployeeRole } from '@app/contracts';
import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { IsLocalDate, ORG_ID_PATTERN, orgIdMessage } from '../shared/org-validation';

export class AssignEmployeeRequest {
  @ApiProperty({ example: 'SH-01' })
  @Matches(ORG_ID_PATTERN, { message: orgIdMessage('branchId') })
  branchId!: string;

  @ApiProperty({ enum: DEPARTMENTS })
  @IsIn(DEPARTMENTS, { message: `department must be one of ${DEPARTMENTS.join(', ')}` })
  department!: Department;

  @ApiProperty({ enum: EMPLOYEE_ROLES })
  @IsIn(EMPLOYEE_ROLES, { message: `role must be one of ${EMPLOYEE_ROLES.join(', ')}` })
  role!: EmployeeRole;

  @ApiProperty({ example: '2026-01-01', description: 'First business date of the assignment' })
  @IsLocalDate()
  effectiveFrom!: string;
}
