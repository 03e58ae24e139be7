/**
 * The repository interfaces the domain uses (DESIGN rule 6). Each adapter (sqlite/,
 * mongodb/) implements all of them and passes the one contract suite in test/contract/.
 * Records are plain JSON-able objects so both adapters store the same shape.
 */

import type {
  AuditStore,
  ConsentStore,
  DirectoryStore,
  SessionStore,
  TokenStore,
  UserStore,
} from './accountPorts.js';
import type { ExchangeStore } from './exchangePorts.js';
import type { TemplateStore } from './templatePorts.js';
import type {
  CourseStore,
  DayCount,
  EnrolmentStore,
  FeedbackStore,
  FileStore,
  SubmissionStore,
  WebhookReplayStore,
} from './programPorts.js';
import type { MessageTemplateStore, NotificationSettingsStore, OutboxStore } from './notificationPorts.js';
import type {
  BroadcastStore,
  ConversationMessageStore,
  ConversationStore,
  MessagingPreferenceStore,
  MessagingSettingsStore,
  ModerationStore,
} from './messagingPorts.js';
import type { AccreditationStore } from './accreditationPorts.js';
import type { IrregularityStore } from './irregularityPorts.js';
import type { TrustStore } from './trustPorts.js';
import type { ContentStore } from './contentPorts.js';
import type { CorrectionStore } from './correctionPorts.js';
import type { MonitoringStore } from './monitoringPorts.js';
import type { ScheduledReportStore } from './scheduledReportPorts.js';
import type { CheckInStore } from './checkInPorts.js';
import type { SuggestionMarkStore, SurveyStore } from './surveyPorts.js';
import type { OrganisationDetailsStore } from './organisationPorts.js';
import type { UserLocationStore } from './locationPorts.js';
import type { BackpackStore } from './backpackPorts.js';
import type { BackpackLinkStore } from './backpackLinkPorts.js';
import type { BadgeImageStore, EvidenceConsentStore } from './badgePorts.js';
import type { OAuthStore } from './oauthPorts.js';
import type { TemplateRef } from '../rendering/templateDesign.js';

export * from './accountPorts.js';
export * from './exchangePorts.js';
export * from './templatePorts.js';
export * from './programPorts.js';
export * from './notificationPorts.js';
export * from './messagingPorts.js';
export * from './accreditationPorts.js';
export * from './irregularityPorts.js';
export * from './trustPorts.js';
export * from './contentPorts.js';
export * from './correctionPorts.js';
export * from './monitoringPorts.js';
export * from './scheduledReportPorts.js';
export * from './checkInPorts.js';
export * from './surveyPorts.js';
export * from './organisationPorts.js';
export * from './locationPorts.js';
export * from './backpackPorts.js';
export * from './backpackLinkPorts.js';
export * from './badgePorts.js';
export * from './oauthPorts.js';

/** Raised by `reserve` when another credential already has the requested id. */
export class DuplicateCredentialIdError extends Error {
  constructor(readonly id: string) {
    super(`A credential with id ${id} already exists`);
    this.name = 'DuplicateCredentialIdError';
  }
}

/** A Bitstring Status List purpose this platform publishes. */
export type StatusPurpose = 'revocation' | 'suspension';

/** Where one credential's bit lives in one status list. */
export interface StatusEntryRef {
  purpose: StatusPurpose;
  listId: string;
  index: number;
}

/** A status list: its identity, capacity and the secret that shuffles index allocation. */
export interface StatusListRecord {
  id: string;
  purpose: StatusPurpose;
  length: number;
  /** How many positions have been handed out (the next allocation is `allocated`). */
  allocated: number;
  /** Key for the index permutation, so observers cannot read issuance order or gaps. */
  shuffleKey: string;
  /** Bumped on every status change; a cached signed list with an older version is stale. */
  version: number;
  createdAt: string;
}

/** A signed status list credential cached for a list version. */
export interface PublishedStatusList {
  listId: string;
  version: number;
  credential: Record<string, unknown>;
  publishedAt: string;
}

/** Lifecycle of an issuance: reserved (ids and indexes fixed) then issued (signed). */
export type IssuanceState = 'reserved' | 'issued';

/** One credential this platform issued, or is in the middle of issuing. */
export interface CredentialRecord {
  /** The credential's `id` (urn:uuid:...). */
  id: string;
  idempotencyKey: string;
  certificateNumber: string;
  issuerDid: string;
  state: IssuanceState;
  statusEntries: StatusEntryRef[];
  /**
   * The unsigned credential as reserved, so a retry after a crash signs the same thing.
   * A reserved record has it; an issued one does not (the signed credential holds the same
   * content, and the store drops the copy when it marks the record issued).
   */
  unsigned?: Record<string, unknown>;
  /** The signed credential, once issued. */
  credential?: Record<string, unknown>;
  revoked: boolean;
  suspended: boolean;
  statusReason?: string;
  /** Whether GET /credentials/:id shows it to anyone (the holder's choice). */
  isPublic: boolean;
  /** The platform account the credential was issued to, when there is one. */
  holderUserId?: string;
  /**
   * Set when the holder erased their account: the stored credential and unsigned copy are
   * gone (no public page, no personal data), while id, number and status entries remain
   * so the status lists, and so the holder's own copy, keep verifying.
   */
  redactedAt?: string;
  /** The template version its pictures are drawn with (absent: the built-in design). */
  templateRef?: TemplateRef;
  /** The id of the credential this one replaced (a re-issue, e.g. a corrected name). */
  supersedes?: string;
  /**
   * The unguessable token of its QR link `/v/<token>` (verificationToken.ts): assigned when
   * reserved, given to older records on init, never changed (printed copies keep working).
   */
  verificationToken: string;
  createdAt: string;
  updatedAt: string;
}

/** What the domain supplies to reserve a new issuance. */
export interface ReserveInput {
  id: string;
  idempotencyKey: string;
  issuerDid: string;
  purposes: StatusPurpose[];
  statusListLength: number;
  certificatePrefix: string;
  year: number;
  isPublic: boolean;
  holderUserId?: string;
  templateRef?: TemplateRef;
  supersedes?: string;
  /**
   * Maps the n-th allocated position of a list to its published index (a keyed
   * permutation supplied by the domain, so adapters hold no status-list logic).
   */
  shuffle: (shuffleKey: string, position: number, length: number) => number;
  /** Builds the unsigned credential once the number and status entries are known. */
  build: (fixed: { certificateNumber: string; statusEntries: StatusEntryRef[] }) => Record<string, unknown>;
  now: string;
}

/**
 * The credentials this platform issued or is issuing: reserving (number and status indexes
 * in one atomic step), signing, look-ups, the holder's choices and erasure. Their status
 * flags change through StatusListStore, which bumps the lists' versions in the same step.
 */
export interface CredentialStore {
  /**
   * Reserves a credential atomically: allocates its certificate number and one status
   * index per purpose (never reused) and stores the record in state `reserved`. If the
   * idempotency key is already known, returns that record instead (`created: false`).
   * Throws DuplicateCredentialIdError if the id is taken by a different key.
   */
  reserve(input: ReserveInput): Promise<{ record: CredentialRecord; created: boolean }>;
  /**
   * Stores the signed credential (dropping the unsigned copy) and moves the record from
   * `reserved` to `issued`. If a racing caller got there first, the record is left as it
   * is and returned: whoever asks, the credential handed out is the one stored.
   */
  markIssued(id: string, credential: Record<string, unknown>, now: string): Promise<CredentialRecord>;
  /**
   * Deletes a record still in state `reserved` (its input turned out unsignable). Its
   * status indexes stay consumed, never reused. Returns whether a record was deleted.
   */
  discardReserved(id: string): Promise<boolean>;
  get(id: string): Promise<CredentialRecord | undefined>;
  getByIdempotencyKey(key: string): Promise<CredentialRecord | undefined>;
  /** The credential whose QR link carries this token (any state: callers decide what to show). */
  getByVerificationToken(token: string): Promise<CredentialRecord | undefined>;
  /** The credential with this certificate number (exact match), for the number lookup. */
  getByCertificateNumber(certificateNumber: string): Promise<CredentialRecord | undefined>;
  /**
   * The issued credential that replaced this one (its `supersedes` is `id`), the newest if
   * there are several; a replacement still reserved does not count.
   */
  findReplacement(id: string): Promise<CredentialRecord | undefined>;
  setPublic(id: string, isPublic: boolean, now: string): Promise<CredentialRecord | undefined>;
  /**
   * Issued credentials per UTC day of createdAt (when it was reserved, moments before it was
   * signed) in [from, to), leaving out those whose idempotency key starts with one of
   * `excludeKeyPrefixes`; days with none are left out, in day order.
   */
  issuedPerDay(range: { from: string; to: string; excludeKeyPrefixes?: string[] }): Promise<DayCount[]>;
  /** A holder's credentials, newest first. */
  listByHolder(userId: string): Promise<CredentialRecord[]>;
  /**
   * Erasure: drops `credential` and `unsigned` (they carry the person's name), sets
   * isPublic false and redactedAt, unsets holderUserId. Status flags and entries stay.
   */
  redactPersonalData(id: string, now: string): Promise<CredentialRecord | undefined>;
}

/**
 * Revocation and suspension: a credential's status flags and the Bitstring Status Lists
 * they are published in. A flag changes together with the version of each list whose bit
 * it flips, so a cached signed list is known stale at once.
 */
export interface StatusListStore {
  /**
   * Sets a credential's revoked / suspended flags and bumps the version of each status
   * list whose bit changed, in one atomic step. Returns the updated record.
   */
  setStatus(
    id: string,
    change: { revoked?: boolean; suspended?: boolean; reason?: string },
    now: string,
  ): Promise<CredentialRecord | undefined>;
  /**
   * Sets the same revoked / suspended flags on several credentials (an original and its
   * wallet copies), each with its own reason, and bumps the lists whose bits changed, as one
   * atomic step: a verifier never sees the original revoked and a copy still valid. Unknown
   * ids are skipped. Returns the updated records in the order given.
   */
  setStatusMany(
    targets: Array<{ id: string; reason?: string }>,
    change: { revoked?: boolean; suspended?: boolean },
    now: string,
  ): Promise<CredentialRecord[]>;
  getStatusList(listId: string): Promise<StatusListRecord | undefined>;
  /** The indexes whose bit is set in a list (revoked or suspended credentials). */
  setIndexes(listId: string): Promise<number[]>;
  getPublished(listId: string): Promise<PublishedStatusList | undefined>;
  /** Caches a signed list; keeps the newest version if two processes race. */
  putPublished(published: PublishedStatusList): Promise<void>;
}

/** An API key for integrations; only its hash is stored. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** hex SHA-256 of the secret. */
  hash: string;
  scopes: string[];
  createdAt: string;
  /** The user who created it, when made in the admin console. */
  createdBy?: string;
  revokedAt?: string;
}

/** API keys, looked up by hash. */
export interface ApiKeyStore {
  create(record: ApiKeyRecord): Promise<void>;
  findByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  revoke(id: string, now: string): Promise<boolean>;
  /** Every key (revoked ones too), newest first, for the admin console. */
  list(): Promise<ApiKeyRecord[]>;
}

/** Everything a storage adapter provides. */
export interface Stores {
  /** Issued (and reserved) credentials. */
  credentials: CredentialStore;
  /** Status changes of credentials, the status lists they point into, the signed lists cached. */
  statusLists: StatusListStore;
  apiKeys: ApiKeyStore;
  users: UserStore;
  sessions: SessionStore;
  tokens: TokenStore;
  directory: DirectoryStore;
  audit: AuditStore;
  consents: ConsentStore;
  /** Wallet hand-off state: VC-API exchanges, OpenID4VCI codes, tokens and nonces. */
  exchanges: ExchangeStore;
  /** Certificate templates and their versions. */
  templates: TemplateStore;
  /** Programme courses and their batches. */
  courses: CourseStore;
  /** Programme enrolments with their issuance state, and the progress events behind it. */
  enrolments: EnrolmentStore;
  /** Participants' content submissions and reviewers' decisions. */
  submissions: SubmissionStore;
  /** Submitted files' bytes, by sha256. */
  files: FileStore;
  /** Participants' post-issuance ratings of a course. */
  feedback: FeedbackStore;
  /** LMS webhook signatures seen, against replays. */
  webhookSignatures: WebhookReplayStore;
  /** The outbox of messages and their delivery log. */
  outbox: OutboxStore;
  /** Reminder schedules and each person's message preferences. */
  notificationSettings: NotificationSettingsStore;
  /** The message templates staff edit, every version. */
  messageTemplates: MessageTemplateStore;
  /** Conversations with the admin team (their text is sealed by the domain). */
  conversations: ConversationStore;
  /** The messages and notes of those conversations, with their blind search index. */
  conversationMessages: ConversationMessageStore;
  /** Messaging moderation: blocks on people, reports of messages. */
  moderation: ModerationStore;
  /** The team's messaging settings (routes, SLA, office hours, automatic replies). */
  messagingSettings: MessagingSettingsStore;
  /** Messages staff sent to a segment of people. */
  broadcasts: BroadcastStore;
  /** Staff messaging preferences (alerts, away message), template usage and the content filter. */
  messagingPreferences: MessagingPreferenceStore;
  /** Accreditation types and partner applications. */
  accreditation: AccreditationStore;
  /** Audit irregularities found on partners' applications and accreditations (irregularityPorts.ts). */
  irregularities: IrregularityStore;
  /** The trust list and accredited partners' issuer DIDs. */
  trust: TrustStore;
  /** Published versions of the privacy notice, terms of use and help page. */
  content: ContentStore;
  /** Name correction requests (correctionPorts.ts). */
  corrections: CorrectionStore;
  /** Heartbeats, request counts per route and alert times (monitoringPorts.ts). */
  monitoring: MonitoringStore;
  /** Kept monthly and quarterly programme reports and their recipients (scheduledReportPorts.ts). */
  scheduledReports: ScheduledReportStore;
  /** Check-ins and coaching calls with partners, their cadence, quarterly assessments (checkInPorts.ts). */
  checkIns: CheckInStore;
  /** Survey versions and their responses (surveyPorts.ts). */
  surveys: SurveyStore;
  /** Staff's priority and done marks on suggestion themes (surveyPorts.ts). */
  suggestionMarks: SuggestionMarkStore;
  /** Partner organisations' details and their change history (organisationPorts.ts). */
  organisationDetails: OrganisationDetailsStore;
  /** People's optional location, for location-targeted broadcasts (locationPorts.ts). */
  userLocations: UserLocationStore;
  /** Participants' backpacks: credentials from any issuer they keep (backpackPorts.ts). */
  backpack: BackpackStore;
  /** Connections to external OB 3.0 backpacks, their clients and pushes (backpackLinkPorts.ts). */
  backpackLinks: BackpackLinkStore;
  /** Course badge images by sha256 (badgePorts.ts). */
  badgeImages: BadgeImageStore;
  /** Participants' consent to their approved work as a certificate's evidence (badgePorts.ts). */
  evidenceConsents: EvidenceConsentStore;
  /** The OB 3.0 API's OAuth server: clients, grants, sessions, codes and tokens (oauthPorts.ts). */
  oauth: OAuthStore;
  /** Creates tables / collections and indexes. Safe to call more than once. */
  init(): Promise<void>;
  close(): Promise<void>;
}
