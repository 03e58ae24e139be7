/**
 * Repository interfaces for partner accreditation (src/accreditation/): accreditation
 * types (stages with checklists of documents and actions, edited by staff, versioned) and
 * applications (one partner organisation going through one type, a cycle at a time). An
 * application keeps a snapshot of its type as it was when it started, so editing a type
 * changes new applications, not running ones. Same rules as ports.ts: plain JSON-able
 * records, one contract suite for every adapter.
 */

/** What a checklist item asks for: a document to upload or an action to confirm. */
export const CHECKLIST_ITEM_KINDS = ['document', 'action'] as const;
export type ChecklistItemKind = (typeof CHECKLIST_ITEM_KINDS)[number];

/** One thing a stage needs: a document to upload or an action to confirm. */
export interface ChecklistItem {
  id: string;
  kind: ChecklistItemKind;
  name: string;
  /** What a good submission looks like (shown to the partner). */
  guidance: string;
  /** Due this many days after the application started. */
  deadlineDays: number;
}

/** A stage: it completes when every item in it is approved. */
interface AccreditationStage {
  id: string;
  name: string;
  items: ChecklistItem[];
}

/** A kind of accreditation partners can apply for. */
export interface AccreditationTypeRecord {
  id: string;
  name: string;
  description: string;
  stages: AccreditationStage[];
  /** How long an accreditation lasts once granted. */
  validityMonths: number;
  /** Days before an item's deadline that the partner and staff are reminded. */
  reminderDays: number[];
  /** Days before the accreditation expires that renewal reminders go out. */
  renewalReminderDays: number[];
  /**
   * The review service level: staff give feedback on a submitted item within this many
   * days (shown to the partner; later is overdue). Absent on types saved before it
   * existed, which mean the default (accreditationNotices.ts).
   */
  reviewDays?: number;
  active: boolean;
  version: number;
  updatedAt: string;
  updatedBy: string;
}

/**
 * Where one checklist item of an application stands. `additional_review`: staff sent the
 * submission to a second reviewer (the accreditation lead), who approves or sends it back.
 */
type ItemState =
  | 'missing'
  | 'submitted'
  | 'under_review'
  | 'additional_review'
  | 'approved'
  | 'needs_changes';

/** One request for an additional review of an item: who asked whom, why, by when, and the outcome. */
export interface AdditionalReview {
  requestedAt: string;
  requestedBy: string;
  /** The second reviewer (an active staff member or admin other than the requester). */
  reviewerId: string;
  reason: string;
  /** When the additional reviewer's decision is expected (the type's review service level). */
  dueAt: string;
  /** When the reviewer was alerted that it is overdue (once per request). */
  overdueAlertedAt?: string;
  decidedAt?: string;
  decidedBy?: string;
  decision?: ItemDecision;
}

/** One uploaded version of a document (bytes kept by the blob store under sha256). */
export interface DocumentVersion {
  version: number;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
  uploadedBy: string;
  /** The partner's note with it (an answer to a clarification). */
  note?: string;
}

/** What staff decide on an item: approve, reject with guidance, or ask for clarification. */
export const ITEM_DECISIONS = ['approved', 'rejected', 'clarification'] as const;
export type ItemDecision = (typeof ITEM_DECISIONS)[number];

/** A staff decision on an item. */
export interface ItemReview {
  at: string;
  by: string;
  decision: ItemDecision;
  /** Actionable guidance (required unless approved). */
  guidance?: string;
}

/** An application's state for one checklist item. */
export interface ApplicationItem {
  itemId: string;
  stageId: string;
  state: ItemState;
  dueAt: string;
  documents: DocumentVersion[];
  reviews: ItemReview[];
  /** When it was first submitted, and last approved. */
  firstSubmittedAt?: string;
  approvedAt?: string;
  /** The submission (document version) whose overdue review staff were alerted about, and when. */
  reviewOverdueAlert?: { version: number; at: string };
  /** Every additional review requested for the item, oldest first; the open one is the last, undecided. */
  additionalReviews?: AdditionalReview[];
}

/**
 * What an application can be. There is no "rejected": an item is rejected (and fixed),
 * an application never is; it ends approved, withdrawn or lapsed. No code ever wrote
 * `rejected` (it was listed here but never set), so stored data does not hold it; pages
 * still show an unknown stored status as it is rather than failing.
 */
export const APPLICATION_STATUSES = ['in_progress', 'approved', 'withdrawn', 'lapsed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

/** One partner organisation's application for one accreditation type, one cycle. */
export interface ApplicationRecord {
  id: string;
  organisationId: string;
  /** The type as it was when the application started. */
  type: AccreditationTypeRecord;
  /** 1 for the first accreditation, then 2, 3, ... for renewals. */
  cycle: number;
  previousApplicationId?: string;
  status: ApplicationStatus;
  startedAt: string;
  startedBy: string;
  assignedStaffId?: string;
  /** Index of the current stage in type.stages; equals stages.length once all are complete. */
  stageIndex: number;
  stageHistory: { stageId: string; startedAt: string; completedAt?: string; completedBy?: string }[];
  items: ApplicationItem[];
  checkIns: { id: string; at: string; by: string; notes: string }[];
  approvedAt?: string;
  approvedBy?: string;
  credentialId?: string;
  validFrom?: string;
  validUntil?: string;
  endedAt?: string;
  endReason?: string;
  /** When the partner was last prompted about an application without activity (at most once per period). */
  inactivityPromptedAt?: string;
  /** Set while an escalated audit irregularity keeps the accreditation credential suspended. */
  suspension?: { irregularityId: string; at: string };
  /** The partner's feedback on the cycle, asked for once it ends. */
  feedback?: { score: number; comment?: string; at: string; by: string };
  updatedAt: string;
  /** Optimistic concurrency: incremented by every update. */
  version: number;
}

/** Accreditation types and applications. */
export interface AccreditationStore {
  /** Saves a type if its stored version is `expectedVersion` (0: new); false otherwise. */
  putType(type: AccreditationTypeRecord, expectedVersion: number): Promise<boolean>;
  getType(id: string): Promise<AccreditationTypeRecord | undefined>;
  listTypes(): Promise<AccreditationTypeRecord[]>;
  createApplication(application: ApplicationRecord): Promise<void>;
  getApplication(id: string): Promise<ApplicationRecord | undefined>;
  /** Replaces the application if its stored version is `expectedVersion`; false otherwise. */
  updateApplication(application: ApplicationRecord, expectedVersion: number): Promise<boolean>;
  /** Applications, newest start first. */
  listApplications(filter: {
    organisationId?: string;
    status?: ApplicationStatus;
    typeId?: string;
    limit: number;
  }): Promise<ApplicationRecord[]>;
}
