import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, registerDecorator } from 'class-validator';
import { isPosition, MIN_POSITION_MESSAGE } from './as-of.types';

/**
 * The `minPosition` query parameter of a report (read-your-writes): validated (400
 * VALIDATION_FAILED on anything but one position) and documented in the OpenAPI schema.
 */
export function MinPositionParam(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      type: String,
      example: '1042',
      description:
        "Read-your-writes: the figures must include the event at this store position (a command's `position`). " +
        'The read waits up to READ_YOUR_WRITES_MAX_WAIT_MS (default 5 s) for the projector, and for the KPI month roll-up when the report reads it; ' +
        'if it is not there by then: 503 PROJECTION_BEHIND with Retry-After and the current as-of mark. 400 UNKNOWN_POSITION when the store has no such event',
    }),
    IsOptional(),
    (target: object, propertyName: string | symbol) =>
      registerDecorator({
        name: 'isMinPosition',
        target: target.constructor,
        propertyName: String(propertyName),
        options: { message: MIN_POSITION_MESSAGE },
        validator: { validate: (value: unknown) => isPosition(value) },
      }),
  );
}
