import { CommandContext, idempotencyFor } from '@app/platform-kit';
import { applyDecorators, BadRequestException, HttpCode, Post, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';
import { Request } from 'express';
import { createHash } from 'node:crypto';

/** Largest head-office file accepted (a plan, the market registrations); a larger one is a 413. */
export const MAX_ORG_FILE_BYTES = 10 * 1024 * 1024;

/**
 * A head-office file upload route: POST answering 200, multipart/form-data with one file in the
 * field `file` (at most {@link MAX_ORG_FILE_BYTES}), documented with `description`.
 */
export function OrgFileUploadRoute(description: string): MethodDecorator {
  return applyDecorators(
    Post(),
    HttpCode(200),
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ORG_FILE_BYTES, files: 1 } })),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary', description } } } }),
  );
}

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
