import { CommandOutcome } from '@app/event-store';
import { CommandContext, idempotencyFor, REPLAYED_HEADER } from '@app/platform-kit';
import { BadRequestException } from '@nestjs/common';
import { Request, Response } from 'express';
import { createHash } from 'node:crypto';

/** Largest head-office file accepted (a plan, the market registrations); a larger one is a 413. */
export const MAX_ORG_FILE_BYTES = 10 * 1024 * 1024;

/** The part of multer's file the imports read. */
export interface UploadedOrgFile {
  readonly originalname: string;
  readonly buffer: Buffer;
}

/** The uploaded file, or a 400 VALIDATION_FAILED naming the field `file`. */
export function requireUploadedFile(file: UploadedOrgFile | undefined, what: string): UploadedOrgFile {
  if (file) return file;
  throw new BadRequestException({
    code: 'VALIDATION_FAILED',
    message: `file is required: send ${what} as multipart/form-data in the field "file"`,
    errors: [{ field: 'file', messages: ['file is required'] }],
  });
}

/** The Idempotency-Key of a file upload, bound to the file's content and name (and `extra`, e.g. query flags). */
export function fileIdempotency(
  caller: CommandContext['caller'],
  request: Request,
  file: UploadedOrgFile,
  extra: Readonly<Record<string, unknown>> = {},
): CommandContext['idempotency'] {
  const key = request.headers['idempotency-key'];
  const fileHash = createHash('sha256').update(file.buffer).digest('hex');
  return idempotencyFor('org', caller, Array.isArray(key) ? key[0] : key, 'POST', request.path, { file: fileHash, name: file.originalname, ...extra });
}

/** The outcome's status and replay header on the response; its body as the answer. */
export function answer<T>(response: Response, outcome: CommandOutcome<T>): T {
  response.status(outcome.statusCode);
  response.setHeader(REPLAYED_HEADER, String(outcome.replayed));
  return outcome.body;
}
