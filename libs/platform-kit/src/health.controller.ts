import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Public } from './access';

/** Liveness: open without a token (on the public list). */
@Public()
@ApiTags('health')
@Controller('health')
export class HealthController {
  @Get()
  @ApiOkResponse({ description: 'The process is up' })
  health(): { status: 'ok' } {
    return { status: 'ok' };
  }
}
