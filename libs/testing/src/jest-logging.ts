import { Logger } from '@nestjs/common';

// Tests print what an operator would see at the default level; debug output only on request.
Logger.overrideLogger(process.env.TEST_LOG_LEVEL === 'debug' ? ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] : ['fatal', 'error', 'warn', 'log']);
