import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { Public } from './access';

class HealthDto {
  @ApiProperty({ enum: ['ok'] })
  status!: 'ok';
}

/** Liveness: open without a token (on the public list). */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOkResponse({ description: 'The process is up', type: HealthDto })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
