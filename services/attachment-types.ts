import { fileTypeFromBuffer } from 'file-type';

export interface AllowedType {
  mediaType: string;
  /** The first is the one a name without a fitting extension gets. */
  extensions: readonly [string, ...string[]];
}

/**
 * What an applicant may attach: PDF and photos. Decided from the file's first bytes (its magic
 * number), never from its name or the content type the browser sent, so a renamed program, an
 * HTML page or an SVG (which can carry script) is refused whatever it is called.
 */
const ALLOWED: Readonly<Record<string, AllowedType['extensions']>> = {
  'application/pdf': ['pdf'],
  'image/jpeg': ['jpg', 'jpeg'],
  'image/png': ['png'],
  'image/heic': ['heic', 'heif'],
  'image/heif': ['heif', 'heic'],
};

/** The file's type if it is one we accept, judged by its bytes alone. */
export async function detectAllowedType(bytes: Buffer): Promise<AllowedType | undefined> {
  const detected = await fileTypeFromBuffer(bytes);
  const extensions = detected ? ALLOWED[detected.mime] : undefined;
  return detected && extensions ? { mediaType: detected.mime, extensions } : undefined;
}
