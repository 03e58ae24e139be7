/**
 * Repository interface for a partner organisation's details (issue 21): what the partner
 * keeps up to date about itself beyond its name (address, contact person, phone, website),
 * and the history of every change to them, which staff read. The name itself stays in the
 * directory's organisation record; saving details changes it there in the same step.
 */

/** The fields of an organisation a partner edits, besides its name. */
export const ORGANISATION_DETAIL_FIELDS = [
  'address',
  'contactName',
  'contactEmail',
  'phone',
  'website',
] as const;
type OrganisationDetailField = (typeof ORGANISATION_DETAIL_FIELDS)[number];

/** An organisation's details: every field optional (an organisation starts with none). */
export type OrganisationDetails = Partial<Record<OrganisationDetailField, string>>;

/** The stored details of one organisation. */
export interface OrganisationDetailsRecord {
  organisationId: string;
  details: OrganisationDetails;
  /** Optimistic concurrency: 1 for the first save, then incremented by each. */
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/** One field that changed: its value before and after (absent: it was or became empty). */
export interface OrganisationFieldChange {
  field: 'name' | OrganisationDetailField;
  from?: string;
  to?: string;
}

/** One save of an organisation's details: who, when, what changed. */
export interface OrganisationChangeRecord {
  id: string;
  organisationId: string;
  at: string;
  by: string;
  /** Who, in words, as at the time (the account may later be erased). */
  byLabel: string;
  changes: OrganisationFieldChange[];
}

/** Organisation details and their change history. */
export interface OrganisationDetailsStore {
  getDetails(organisationId: string): Promise<OrganisationDetailsRecord | undefined>;
  /**
   * Saves the details if their stored version is `expectedVersion` (0: none stored yet),
   * sets the organisation's name to `name`, and appends `change` to the history, as one
   * step; false (nothing written) when someone saved in between.
   */
  saveDetails(
    record: OrganisationDetailsRecord,
    name: string,
    change: OrganisationChangeRecord,
    expectedVersion: number,
  ): Promise<boolean>;
  /** The organisation's changes, newest first, at most `limit`. */
  listChanges(organisationId: string, limit: number): Promise<OrganisationChangeRecord[]>;
  /**
   * Erasure of an account: every change it made, in every organisation's history, gets
   * `label` for its `byLabel` (the name as it was is gone). Returns how many changes.
   */
  relabelEditor(userId: string, label: string): Promise<number>;
}
