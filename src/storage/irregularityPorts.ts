/**
 * Audit irregularities (src/accreditation/irregularities.ts): something staff found wrong
 * with a partner's application or accreditation (what, the evidence, how serious), the
 * partner's responses (text and documents, kept by the blob store under sha256), and staff
 * decisions (resolved; corrective action by a date; escalated, which suspends the
 * accreditation). Same rules as ports.ts: plain JSON-able records, one contract suite for
 * every adapter (test/contract/irregularityContract.ts).
 */

export const IRREGULARITY_SEVERITIES = ['low', 'medium', 'high'] as const;
export type IrregularitySeverity = (typeof IRREGULARITY_SEVERITIES)[number];

/** What staff decide on an irregularity. */
export const IRREGULARITY_OUTCOMES = ['resolved', 'corrective_action', 'escalated'] as const;
type IrregularityOutcome = (typeof IRREGULARITY_OUTCOMES)[number];

/**
 * Where an irregularity stands: `open` (waiting for the partner), `responded` (waiting for
 * staff), or the last decision. Every status but `resolved` is open.
 */
const IRREGULARITY_STATUSES = ['open', 'responded', ...IRREGULARITY_OUTCOMES] as const;
export type IrregularityStatus = (typeof IRREGULARITY_STATUSES)[number];

/** The statuses of an irregularity not yet resolved, for the console's list. */
export const OPEN_IRREGULARITY_STATUSES: readonly IrregularityStatus[] = IRREGULARITY_STATUSES.filter(
  (s) => s !== 'resolved',
);

/** A document the partner attached to a response. */
export interface IrregularityDocument {
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
}

/** One response of the partner. */
interface IrregularityResponse {
  at: string;
  by: string;
  text: string;
  documents: IrregularityDocument[];
}

/** One staff decision. */
export interface IrregularityDecision {
  at: string;
  by: string;
  outcome: IrregularityOutcome;
  note: string;
  /** The date the corrective action is due (corrective_action only). */
  dueAt?: string;
  /** The accreditation credentials this decision suspended (escalated) or reinstated (resolved). */
  credentialIds?: string[];
}

/** One irregularity, with its whole history. */
export interface IrregularityRecord {
  id: string;
  organisationId: string;
  /** The application it was found on, when it was found on one. */
  applicationId?: string;
  what: string;
  evidence: string;
  severity: IrregularitySeverity;
  status: IrregularityStatus;
  recordedAt: string;
  recordedBy: string;
  responses: IrregularityResponse[];
  decisions: IrregularityDecision[];
  /** The accreditation credentials an escalation suspended and no resolution has reinstated yet. */
  suspendedCredentialIds?: string[];
  updatedAt: string;
  /** Optimistic concurrency: 1 when recorded, incremented by every update. */
  version: number;
}

/** Audit irregularities. */
export interface IrregularityStore {
  createIrregularity(record: IrregularityRecord): Promise<void>;
  getIrregularity(id: string): Promise<IrregularityRecord | undefined>;
  /** Replaces the record if its stored version is `expectedVersion`; false otherwise. */
  updateIrregularity(record: IrregularityRecord, expectedVersion: number): Promise<boolean>;
  /** Irregularities, newest recorded first, of one organisation and/or only those not resolved. */
  listIrregularities(filter: {
    organisationId?: string;
    open?: boolean;
    limit: number;
  }): Promise<IrregularityRecord[]>;
}
