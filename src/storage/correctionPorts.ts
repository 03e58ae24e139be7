/**
 * Name corrections: a participant asks for the name on an issued certificate to be
 * corrected; staff approve (the certificate is re-issued with the new name) or refuse,
 * with a reason. At most one open request per certificate, which the store enforces.
 */

/** Where a request stands. */
type CorrectionStatus = 'open' | 'approved' | 'refused';

/** One request. */
export interface NameCorrectionRecord {
  id: string;
  userId: string;
  credentialId: string;
  /** The certificate's number and name when asked, so the queue reads without a lookup. */
  certificateNumber: string;
  currentName: string;
  requestedName: string;
  reason: string;
  status: CorrectionStatus;
  createdAt: string;
  decidedAt?: string;
  /** The staff member who decided. */
  decidedBy?: string;
  /** Staff's words to the participant (required when refusing). */
  decisionNote?: string;
  /** The certificate issued with the corrected name, when approved. */
  replacementId?: string;
}

/** A decision, applied only to an open request. */
type CorrectionDecision = Required<Pick<NameCorrectionRecord, 'decidedAt' | 'decidedBy'>> & {
  status: 'approved' | 'refused';
  decisionNote?: string;
  replacementId?: string;
};

/** Raised when a certificate already has an open request. */
export class OpenCorrectionExistsError extends Error {
  constructor(readonly credentialId: string) {
    super(`Certificate ${credentialId} already has an open name correction request`);
    this.name = 'OpenCorrectionExistsError';
  }
}

/** The store of name correction requests. */
export interface CorrectionStore {
  /** Adds an open request; throws OpenCorrectionExistsError when its certificate has one. */
  create(record: NameCorrectionRecord): Promise<void>;
  get(id: string): Promise<NameCorrectionRecord | undefined>;
  /** Open requests, oldest first (the order staff work through them). */
  listOpen(limit: number): Promise<NameCorrectionRecord[]>;
  /** A person's requests, newest first. */
  listForUser(userId: string): Promise<NameCorrectionRecord[]>;
  /** Applies a decision if the request is still open; undefined when it was not (already decided, or none). */
  decide(id: string, decision: CorrectionDecision): Promise<NameCorrectionRecord | undefined>;
}
