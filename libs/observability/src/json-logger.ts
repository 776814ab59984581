import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { currentCorrelationId } from './correlation';

type JsonLogObject = ReturnType<ConsoleLogger['getJsonLogObject']>;

/**
 * Nest's own logger in its JSON mode (one object a line: level, pid, timestamp, context, message,
 * stack), with the current request's correlation id when there is one (`LOG_FORMAT=json`). The
 * messages are the ones the text format prints; nothing else (no headers, no bodies) is added, so
 * what keeps secrets out of the text logs keeps them out of these (docs/adr/0020-metrics-and-logs.md).
 */
export class JsonLogger extends ConsoleLogger {
  constructor(logLevels: LogLevel[]) {
    super({ json: true, colors: false, logLevels });
  }

  protected override getJsonLogObject(message: unknown, options: Parameters<ConsoleLogger['getJsonLogObject']>[1]): JsonLogObject & { correlationId?: string } {
    const line = super.getJsonLogObject(message, options);
    const correlationId = currentCorrelationId();
    return correlationId === undefined ? line : { ...line, correlationId };
  }
}
