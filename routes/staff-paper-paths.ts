import type { Request } from 'express';

const BASE = '/handlaggare/pappersansokan';

/** The addresses of "Registrera pappersansökan". */
export const PAPER_PATHS = {
  start: BASE,
  /** Photos or scans (multipart). */
  scan: `${BASE}/skanna`,
  /** The codes' text from a hand scanner. */
  codes: `${BASE}/koder`,
  /** The same form, empty, to fill in by hand. */
  hand: `${BASE}/for-hand`,
  draft: (id: string) => `${BASE}/${id}`,
  step: (id: string, stepId: string) => `${BASE}/${id}/steg/${stepId}`,
  register: (id: string) => `${BASE}/${id}/registrera`,
  /** More photos or scans for a started registration (multipart). */
  addScans: (id: string) => `${BASE}/${id}/skanna`,
  /** One uploaded scan, to open beside the answers. */
  scanFile: (id: string, fileId: string) => `${BASE}/${id}/bilder/${fileId}`,
  discard: (id: string) => `${BASE}/${id}/ta-bort`,
} as const;

/** A started registration's "Lägg till skannade sidor" (any id: its route finds the draft). */
const ADD_SCANS = /^\/handlaggare\/pappersansokan\/[^/]+\/skanna$/;

/**
 * The scan uploads (the first, and pages added to a started registration): multipart bodies
 * their routes parse, and check the token of, themselves.
 */
export function isPaperUpload(req: Request): boolean {
  return (
    req.method === 'POST' &&
    (req.path === PAPER_PATHS.scan || ADD_SCANS.test(req.path)) &&
    !!req.is('multipart/form-data')
  );
}

/** The start page's query after "Ta bort registreringen": it says the registration is gone. */
export const PAPER_REMOVED = 'borttagen';
