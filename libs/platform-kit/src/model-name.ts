import { applyDecorators } from '@nestjs/common';
import { IsString, Length, Matches } from 'class-validator';

/** The longest vehicle model name the events take (contracts' `Text`). */
export const MODEL_NAME_MAX_LENGTH = 200;

/**
 * A vehicle model's name, as head office's model catalogue and every event that names a model take
 * it: text of 1 to 200 characters with no space before or after it. A padded name ("Passat ") would
 * never meet the catalogue's "Passat", so its facts would show under no brand: it is refused with a
 * field message instead. `field` names the property in the messages.
 */
export function IsModelName(field = 'model'): PropertyDecorator {
  return applyDecorators(
    IsString({ message: `${field} must be text` }),
    Length(1, MODEL_NAME_MAX_LENGTH, { message: `${field} must be 1 to ${MODEL_NAME_MAX_LENGTH} characters` }),
    Matches(/^\S(?:.*\S)?$/s, { message: `${field} must name a model, with no space before or after it` }),
  );
}
