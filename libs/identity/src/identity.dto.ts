import { EMPLOYEE_ID_PATTERN } from '@app/auth';
import { BRANCH_CONTEXTS, BranchContext } from '@app/platform-kit';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  MinLength,
  ValidateBy,
  ValidationArguments,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, USERNAME_PATTERN, USERNAME_RULE } from './identity.settings';
import { USER_ROLES, UserRole } from './users.service';

/** The password differs from the `username` of the same body (case and surrounding spaces ignored). */
function IsNotTheUsername(): PropertyDecorator {
  return ValidateBy({
    name: 'isNotTheUsername',
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const username = (args?.object as { username?: unknown } | undefined)?.username;
        return typeof value !== 'string' || typeof username !== 'string' || value.trim().toLowerCase() !== username.trim().toLowerCase();
      },
      defaultMessage: () => 'password must not be the username',
    },
  });
}

const IDS = { each: true } as const;
const EMPLOYEE_ID_RULE = 'employeeId must be an employee id: 1 to 64 letters, digits, ".", "_" or "-"';

export class SignInRequest {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 200)
  username!: string;

  @ApiProperty({ format: 'password' })
  @IsString()
  @Length(1, 1024)
  password!: string;
}

export class CreateUserRequest {
  @ApiProperty({ example: 'li.wei', description: `Unique, case-insensitive; ${USERNAME_RULE}` })
  @Matches(USERNAME_PATTERN, { message: `username ${USERNAME_RULE}` })
  username!: string;

  @ApiProperty({ example: 'Li Wei' })
  @IsString()
  @Length(1, 200)
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiPropertyOptional({ type: [String], example: ['EAST'], description: 'Required for a region-manager; limits an analyst' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString(IDS)
  @Length(1, 64, IDS)
  regions?: string[];

  @ApiPropertyOptional({ type: [String], example: ['SH-01'], description: 'Required for branch roles; limits an analyst' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString(IDS)
  @Length(1, 64, IDS)
  branches?: string[];

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'E-1001',
    description:
      "The employee (org context) the account belongs to; a sales consultant logs this employee's own calls and visits (token claim employee_id). At most one account per employee",
  })
  @IsOptional()
  @IsString()
  @Matches(EMPLOYEE_ID_PATTERN, { message: EMPLOYEE_ID_RULE })
  employeeId?: string | null;

  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: 'At least 12 characters, not the username' })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  @IsNotTheUsername()
  password!: string;
}

export class UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 200)
  displayName?: string;

  @ApiPropertyOptional({ enum: USER_ROLES, description: "A change revokes the user's sessions" })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ type: [String], description: "A change revokes the user's sessions" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString(IDS)
  @Length(1, 64, IDS)
  regions?: string[];

  @ApiPropertyOptional({ type: [String], description: "A change revokes the user's sessions" })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString(IDS)
  @Length(1, 64, IDS)
  branches?: string[];

  @ApiPropertyOptional({ description: "Disabling revokes the user's sessions; a disabled user cannot sign in" })
  @IsOptional()
  @IsBoolean()
  disabled?: boolean;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: 'E-1001',
    description: "Links the account to an employee (token claim employee_id); null unlinks it. A change revokes the user's sessions",
  })
  @IsOptional()
  @IsString()
  @Matches(EMPLOYEE_ID_PATTERN, { message: EMPLOYEE_ID_RULE })
  employeeId?: string | null;
}

export class ResetPasswordRequest {
  @ApiProperty({ format: 'password', minLength: PASSWORD_MIN_LENGTH, description: "At least 12 characters, not the username; revokes the user's sessions" })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `password must be at least ${PASSWORD_MIN_LENGTH} characters` })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class CreateIntegrationRequest {
  @ApiProperty({ example: 'dms-shanghai', description: '3 to 64 letters, digits, ".", "_" or "-"; never reused' })
  @Matches(/^[A-Za-z0-9._-]{3,64}$/, { message: 'clientId must be 3 to 64 letters, digits, ".", "_" or "-"' })
  clientId!: string;

  @ApiProperty({ example: 'DMS Shanghai branches' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ type: [String], example: ['SH-01'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString(IDS)
  @Length(1, 64, IDS)
  branches!: string[];

  @ApiProperty({ enum: BRANCH_CONTEXTS, isArray: true, example: ['sales'] })
  @IsArray()
  @ArrayMinSize(1)
  @IsIn(BRANCH_CONTEXTS, IDS)
  contexts!: BranchContext[];
}
