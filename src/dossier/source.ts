import type { DossierRecord } from './schema.js';

/** One dossier backend: the upstream system of spec §5 or the built-in reference registry. */
export interface DossierSource {
  /** The record, or null when the system does not know the code (404). Throws DossierUnavailableError. */
  get(code: string): Promise<DossierRecord | null>;
}

/** The backend is down, too slow, or answered something that is not a valid record. */
export class DossierUnavailableError extends Error {
  constructor(reason: string, options?: { cause?: unknown }) {
    super(`Dossier system unavailable: ${reason}`, options);
    this.name = 'DossierUnavailableError';
  }
}
