/**
 * Repository interfaces for what a badge shows besides its text (issue 20, part 4): the
 * badge images staff upload for courses, and each participant's consent to their approved
 * work being linked as evidence from a course's certificate. Same rules as ports.ts: plain
 * JSON-able records, one contract suite for every adapter (test/contract/badgeContract.ts).
 */

/** The media types a badge image may have (checked from its bytes, src/badges/badgeImages.ts). */
export type BadgeImageType = 'image/png' | 'image/svg+xml' | 'image/jpeg';

/**
 * One uploaded badge image, content-addressed: its URL names its sha256, so a credential
 * that points at it keeps pointing at the same picture after staff upload another one.
 * Images are never deleted for that reason (they are small and few).
 */
export interface BadgeImageRecord {
  /** hex SHA-256 of the bytes. */
  sha256: string;
  mediaType: BadgeImageType;
  bytes: Uint8Array;
  /** When it was first stored (ISO). */
  createdAt: string;
}

/** Badge images by sha256. */
export interface BadgeImageStore {
  /** Stores the image unless an image with its sha256 is there already (idempotent). */
  putBadgeImage(image: BadgeImageRecord): Promise<void>;
  getBadgeImage(sha256: string): Promise<BadgeImageRecord | undefined>;
}

/** A participant's answer to "link my approved work from this course's certificate". */
export interface EvidenceConsentRecord {
  batchId: string;
  userId: string;
  granted: boolean;
  /** When this answer was given (ISO). */
  at: string;
}

/** Evidence consents, one per participant and batch (the latest answer). */
export interface EvidenceConsentStore {
  /** Records the answer, replacing any earlier one for the same batch and participant. */
  setEvidenceConsent(consent: EvidenceConsentRecord): Promise<void>;
  getEvidenceConsent(batchId: string, userId: string): Promise<EvidenceConsentRecord | undefined>;
  /** Erasure: forgets every answer the participant gave. */
  eraseEvidenceConsentsOf(userId: string): Promise<void>;
}
