import type { NextFunction, Request, Response } from 'express';
import type { Config } from '../config';
import { checkCsrfToken } from '../middleware/set-up-csrf';
import multer from 'multer';
import type { AttachmentLimits, UploadedFile } from '../services/attachments';
import { addressKey } from '../services/address-key';
import { UploadsBusyError, type UploadMemory } from '../services/upload-memory';
import { UPLOAD_FIELD } from './attachment-view';

/** What a multipart upload held, or why it could not be read as a whole. */
export type ParsedUpload =
  | { outcome: 'files'; files: UploadedFile[] }
  /** One file passed the size limit: reading stopped there and nothing of the upload is kept. */
  | { outcome: 'tooLarge'; originalName: string }
  /** More files than may be sent at once: reading stopped, nothing is kept. */
  | { outcome: 'tooMany' }
  /** Not a body our form sends (too many fields, a broken part …). */
  | { outcome: 'unreadable'; code: string };

/** A generous allowance for the multipart boundaries and part headers around the files. */
const OVERHEAD_PER_FILE = 16 * 1024;
/**
 * The upload button sits in the page's one form, so the body also holds what the page shows
 * (the step's answers, the typed completion answers): as much as a plain form post may carry.
 */
const TEXT_ALLOWANCE = 512 * 1024;
const OVERHEAD = 64 * 1024 + TEXT_ALLOWANCE;
/**
 * Text fields of an upload: the token, the row version and the page's answers. Each value is
 * far above any field's own maximum (which the form reader enforces with a message); the
 * count and size only bound what a parser would hold in memory.
 */
const TEXT_FIELDS = 300;
const TEXT_FIELD_BYTES = 64 * 1024;

/** The most a body can hold when it holds only what our upload form sends. */
export function maxUploadBytes(limits: AttachmentLimits): number {
  return limits.maxFiles * (limits.maxFileBytes + OVERHEAD_PER_FILE) + OVERHEAD;
}

/** Who an upload's memory is held for: the address, and the person logged in (else the visit). */
function uploadHolders(req: Request): string[] {
  const who = req.session.user?.accountId ?? req.sessionID;
  // An IPv6 address by its /64, as the rate limits count: one home can pick any address in it.
  return [`ip:${addressKey(req.ip ?? '')}`, ...(who ? [`who:${who}`] : [])];
}

function codeOf(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : '';
  return typeof code === 'string' && code !== '' ? code : 'MALFORMED';
}

/**
 * Reads an upload with multer, in memory only (no temporary files, ever), within the limits: at
 * most `maxFiles` files of `maxFileBytes` each, and the form's text fields (the CSRF token and
 * what the page shows), which land in `req.body`. A file input left empty arrives as a nameless,
 * empty part: it is no file. When reading stops early (a file too large), `req.body` holds the
 * fields sent before that file.
 */
export function uploadReader(limits: AttachmentLimits) {
  const parse = multer({
    storage: multer.memoryStorage(),
    // Browsers send file names as UTF-8; busboy would read them as Latin-1.
    defParamCharset: 'utf8',
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: TEXT_FIELDS,
      parts: limits.maxFiles + TEXT_FIELDS,
      fieldNameSize: 100,
      fieldSize: TEXT_FIELD_BYTES,
      headerPairs: 20,
    },
  }).array(UPLOAD_FIELD, limits.maxFiles);

  return (req: Request, res: Response): Promise<ParsedUpload> =>
    new Promise((resolve) => {
      parse(req, res, (error?: unknown) => {
        if (error === undefined || error === null) {
          const parts = Array.isArray(req.files) ? req.files : [];
          const files = parts
            .filter((part) => !(part.originalname === '' && part.size === 0))
            .map((part) => ({ originalName: part.originalname, bytes: part.buffer }));
          resolve({ outcome: 'files', files });
          return;
        }
        const code = codeOf(error);
        // multer 2 names the field and the file; its type declarations do not know the file yet.
        const { field, filename } = error as { field?: unknown; filename?: unknown };
        if (code === 'LIMIT_FILE_SIZE') {
          resolve({
            outcome: 'tooLarge',
            originalName: typeof filename === 'string' ? filename : '',
          });
        } else if (
          code === 'LIMIT_FILE_COUNT' ||
          (code === 'LIMIT_UNEXPECTED_FILE' && field === UPLOAD_FIELD)
        ) {
          resolve({ outcome: 'tooMany' });
        } else {
          resolve({ outcome: 'unreadable', code });
        }
      });
    });
}

/**
 * An upload route's reading, in the order that keeps it safe: a body larger than all files may
 * be is refused before it is read (413), so is one the instance has no memory left for (503,
 * "try again in a minute": see UploadMemory), the multipart body is read in memory within the limits,
 * and only then can the CSRF token in it be checked: nothing is stored without it. Undefined when
 * the request went on to the error handler (too large, or no valid token).
 */
export function checkedUploadReader(
  services: { config: Config; uploadMemory: UploadMemory },
  limits: AttachmentLimits,
) {
  const readUpload = uploadReader(limits);
  const checkToken = checkCsrfToken(services.config);
  const bodyLimit = maxUploadBytes(limits);
  return async (req: Request, res: Response, next: NextFunction) => {
    const declared = Number(req.headers['content-length'] ?? bodyLimit);
    if (declared > bodyLimit) {
      next(Object.assign(new Error('Upload larger than all files may be'), { status: 413 }));
      return undefined;
    }
    // The bytes are held until the answer is sent (stored, refused or shown again).
    const release = services.uploadMemory.reserve(
      Number.isFinite(declared) ? declared : bodyLimit,
      uploadHolders(req),
    );
    if (!release) {
      next(new UploadsBusyError());
      return undefined;
    }
    res.on('close', release);
    const parsed = await readUpload(req, res);
    const tokenError = await new Promise<unknown>((resolve) => {
      checkToken(req, res, resolve);
    });
    if (tokenError) {
      next(tokenError);
      return undefined;
    }
    return parsed;
  };
}

/**
 * For an upload refused before its files are read (the case is not the staff member's to
 * change): the form's fields up to its first file (the token comes first in our forms), never a
 * file, and then the token checked, so a post without one is the 403 of any other. False after
 * `next(error)` when the token is missing or wrong.
 */
export function checkedTokenWithoutFiles(services: { config: Config }, limits: AttachmentLimits) {
  const readFields = uploadReader({ ...limits, maxFiles: 0 });
  const checkToken = checkCsrfToken(services.config);
  return async (req: Request, res: Response, next: NextFunction): Promise<boolean> => {
    await readFields(req, res);
    const tokenError = await new Promise<unknown>((resolve) => {
      checkToken(req, res, resolve);
    });
    if (tokenError) next(tokenError);
    return !tokenError;
  };
}
