/**
 * Repository interfaces for messaging (src/messaging/): conversations between a person and
 * the admin team, their messages and internal notes, the blind search index, moderation
 * (blocks, reports) and the team's settings. Stores never see message text: subjects,
 * bodies and rating comments arrive sealed (AES-256-GCM, see messaging/messageCrypto.ts),
 * and search terms arrive as keyed hashes. Same rules as ports.ts: plain JSON-able records,
 * one contract suite for every adapter.
 */

/** Ciphertext with the id of the key that sealed it (base64url parts). */
export interface SealedText {
  /** Key id in the key ring. */
  k: string;
  /** 96-bit nonce. */
  iv: string;
  /** Ciphertext followed by the 128-bit GCM tag. */
  ct: string;
}

export const CONVERSATION_CATEGORIES = [
  'account',
  'payment',
  'content_moderation',
  'ad_placement',
  'certificates',
  'accreditation',
  'other',
] as const;
export type ConversationCategory = (typeof CONVERSATION_CATEGORIES)[number];

export const CONVERSATION_STATUSES = ['open', 'waiting_on_user', 'resolved'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

/** One conversation between a person and the admin team. */
export interface ConversationRecord {
  id: string;
  /** Shown to people as #number; unique, increasing. */
  number: number;
  /** The person (not staff) the conversation is with. */
  userId: string;
  category: ConversationCategory;
  /** The staff team it is routed to; absent: any staff member. */
  teamId?: string;
  assigneeId?: string;
  status: ConversationStatus;
  flagged: boolean;
  escalated: boolean;
  subject: SealedText;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  /** Who wrote last (notes do not count). */
  lastMessageBy: 'user' | 'staff';
  /** Since when the person's message waits for a staff answer; absent when answered. */
  waitingSince?: string;
  /** The first staff answer (automatic replies do not count). */
  firstResponseAt?: string;
  resolvedAt?: string;
  /** The staff member who resolved it (set with resolvedAt): the satisfaction survey's answer counts for them. */
  resolvedBy?: string;
  /** When the person last read it, and when staff last read it. */
  userReadAt?: string;
  staffReadAt?: string;
  /** The person had the conversation open until about then (live view heartbeat). */
  userPresentAt?: string;
  rating?: { score: number; comment?: SealedText; at: string };
  /** Counts for the reports: every visible message, and the automatic replies among them. */
  messageCount: number;
  autoReplyCount: number;
  /** Set when the person erased their history: subject and messages are gone. */
  erasedAt?: string;
  /** Optimistic concurrency: incremented by every update. */
  version: number;
}

/** A message, an internal note (staff only) or an automatic reply. */
export interface ConversationMessage {
  id: string;
  conversationId: string;
  kind: 'message' | 'note' | 'auto';
  /** The author's user id; absent for automatic replies. */
  authorId?: string;
  authorRole: 'user' | 'staff' | 'system';
  body: SealedText;
  /** Keyed hash of the normalised text, to spot repetition without the text. */
  fingerprint: string;
  createdAt: string;
  /** Held by the spam filter for review: nobody else sees it until released. */
  held?: { reason: string; at: string };
  /**
   * A staff message: milliseconds since the person's message it answers. A person's
   * message: milliseconds since the staff message it answers.
   */
  responseMs?: number;
}

/** Filters of the staff inbox and the person's list; newest activity first. */
export interface ConversationFilter {
  userId?: string;
  /** Conversations routed to one of these teams, or to no team when `unrouted` is set. */
  teams?: { teamIds: string[]; unrouted: boolean };
  assigneeId?: string;
  status?: ConversationStatus;
  category?: ConversationCategory;
  flagged?: boolean;
  /** The person's last message is newer than staff's last read. */
  unreadByStaff?: boolean;
  /** Waiting for staff since before this instant (SLA breaches). */
  waitingBefore?: string;
  /** Only these conversations. */
  ids?: string[];
  /** Only conversations whose visible (not held) messages hold every one of these search terms. */
  terms?: string[];
  /** Paging: lastMessageAt strictly before this. */
  before?: string;
  includeErased?: boolean;
  limit: number;
}

/** A moderation block on a person: blocked cannot write; muted are held for review. */
export interface MessagingBlock {
  userId: string;
  mode: 'blocked' | 'muted';
  reason: string;
  by: string;
  at: string;
}

/** A report of a message by someone who saw it. */
export interface MessageReport {
  id: string;
  messageId: string;
  conversationId: string;
  reporterId: string;
  reason: string;
  state: 'open' | 'dismissed' | 'actioned';
  createdAt: string;
  resolvedBy?: string;
  resolvedAt?: string;
}

/** An automatic reply: on a category and/or words in the person's message. */
interface AutoReplyRule {
  id: string;
  /** Absent: any category. */
  category?: ConversationCategory;
  /** Any one of these words (normalised) triggers it; empty: every new conversation. */
  keywords: string[];
  body: string;
}

/** A reply staff insert and edit, with placeholders. */
export interface ResponseTemplate {
  id: string;
  name: string;
  body: string;
}

/** The team's messaging settings, edited in the console. */
export interface MessagingSettings {
  /** Category -> team id. */
  routes: Partial<Record<ConversationCategory, string>>;
  /** First response due within this many hours. */
  slaHours: number;
  /** Office hours in UTC: days 0 (Sunday) - 6 and hours [start, end). */
  officeHours: { days: number[]; startHour: number; endHour: number; message: string };
  autoReplies: AutoReplyRule[];
  responseTemplates: ResponseTemplate[];
  /** Resolved conversations are erased this many days after resolution; 0 keeps them. */
  retentionDays: number;
  version: number;
  updatedAt: string;
  updatedBy?: string;
}

/** Who a broadcast goes to: every active account matching all the given criteria. */
/** The roles a broadcast can go to: everyone but staff (staff talk in the inbox). */
export const BROADCAST_ROLES = ['participant', 'partner', 'reviewer'] as const;
export type BroadcastRole = (typeof BROADCAST_ROLES)[number];

export interface BroadcastSegment {
  role?: BroadcastRole;
  organisationId?: string;
  courseId?: string;
  batchId?: string;
  /** People whose location is in this country (ISO 3166-1 alpha-2). */
  country?: string;
  /** ...and this region of it (only with `country`). */
  region?: string;
}

/** Service messages go to everyone in the segment; marketing only to those who consented. */
export const BROADCAST_KINDS = ['service', 'marketing'] as const;
/** What a broadcast is for. */
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];

/** A message staff sent to a segment: one conversation per recipient, each with its own delivery log. */
export interface BroadcastRecord {
  id: string;
  subject: SealedText;
  segment: BroadcastSegment;
  /** Absent on broadcasts sent before kinds existed: those were service messages. */
  kind?: BroadcastKind;
  /** Marketing: how many in the segment were left out for want of consent. */
  withoutConsent?: number;
  createdBy: string;
  createdAt: string;
  recipients: { userId: string; conversationId: string; messageId: string }[];
}

/**
 * Conversations: numbering, the optimistic record, the inbox lists and erasure. The reports
 * and the retention sweep read them here too.
 */
export interface ConversationStore {
  /** The next conversation number (atomic across processes). */
  nextConversationNumber(): Promise<number>;
  createConversation(conversation: ConversationRecord): Promise<void>;
  getConversation(id: string): Promise<ConversationRecord | undefined>;
  /**
   * Applies `patch` if the stored version is `version`, incrementing it; returns the
   * updated record, or undefined when someone else updated it first.
   */
  updateConversation(
    id: string,
    version: number,
    patch: Partial<Omit<ConversationRecord, 'id' | 'version'>>,
  ): Promise<ConversationRecord | undefined>;
  listConversations(filter: ConversationFilter): Promise<ConversationRecord[]>;
  /** Deletes every message and term of a conversation and its subject; keeps the timings. */
  eraseConversation(id: string, at: string, erasedSubject: SealedText): Promise<void>;
  /** Resolved, not erased, resolved before `before`: the retention sweep's candidates. */
  listResolvedBefore(before: string, limit: number): Promise<ConversationRecord[]>;
  /**
   * Conversations that existed during [from, to): created before `to` and updated at or
   * after `from` (reports), including erased ones.
   */
  listActiveBetween(from: string, to: string): Promise<ConversationRecord[]>;
}

/** The messages and notes of conversations, with their blind search index (keyed hashes). */
export interface ConversationMessageStore {
  /** Stores a message with its search terms (keyed hashes). */
  addMessage(message: ConversationMessage, terms: string[]): Promise<void>;
  getMessage(id: string): Promise<ConversationMessage | undefined>;
  /** A conversation's messages, oldest first; held ones only when asked. */
  listMessages(
    conversationId: string,
    options?: { includeHeld?: boolean; after?: string },
  ): Promise<ConversationMessage[]>;
  /** Replaces a message's sealed body (re-encryption with the current key), or releases it from hold. */
  updateMessage(id: string, patch: { body?: SealedText; held?: null }): Promise<void>;
  /** Deletes a message and its terms. */
  deleteMessage(id: string): Promise<void>;
  /** Messages held for review, oldest first. */
  listHeldMessages(limit: number): Promise<ConversationMessage[]>;
  /** The author's messages since an instant (rate limits, repetition), newest first. */
  recentMessagesBy(authorId: string, since: string, limit: number): Promise<ConversationMessage[]>;
  /** Conversations with a visible message or subject holding every term. */
  conversationsWithTerms(terms: string[], limit: number): Promise<string[]>;
  /** Staff messages (and notes) created in [from, to), for response times; bodies stay sealed. */
  listStaffMessagesBetween(from: string, to: string): Promise<ConversationMessage[]>;
  /**
   * People's visible messages created in [from, to) that answer staff (with `responseMs`),
   * oldest first: how long people take to reply to the team.
   */
  listUserRepliesBetween(from: string, to: string): Promise<ConversationMessage[]>;
}

/** Moderation: blocks on people and reports of messages. */
export interface ModerationStore {
  putBlock(block: MessagingBlock): Promise<void>;
  getBlock(userId: string): Promise<MessagingBlock | undefined>;
  deleteBlock(userId: string): Promise<void>;
  listBlocks(): Promise<MessagingBlock[]>;
  addReport(report: MessageReport): Promise<void>;
  listReports(state: MessageReport['state'], limit: number): Promise<MessageReport[]>;
  resolveReport(
    id: string,
    state: 'dismissed' | 'actioned',
    by: string,
    at: string,
  ): Promise<MessageReport | undefined>;
}

/** The team's messaging settings: one record under an optimistic version. */
export interface MessagingSettingsStore {
  getSettings(): Promise<MessagingSettings | undefined>;
  /** Saves if the stored version is `expectedVersion` (0: none yet); false otherwise. */
  putSettings(settings: MessagingSettings, expectedVersion: number): Promise<boolean>;
}

/** Broadcasts staff sent to a segment (their conversations live in ConversationStore). */
export interface BroadcastStore {
  addBroadcast(broadcast: BroadcastRecord): Promise<void>;
  getBroadcast(id: string): Promise<BroadcastRecord | undefined>;
  /** Newest first. */
  listBroadcasts(limit: number): Promise<BroadcastRecord[]>;
}

/**
 * The messaging alerts a staff member can choose (emails; each one is off unless chosen).
 * `monitoring_backlog` (admins only) is the monitoring alert about the backlog past the
 * reply target. Records saved before it may hold `sla_backlog`, the daily alert it
 * replaced: staffPreferences.ts reads that as `monitoring_backlog`.
 */
export const STAFF_MESSAGING_ALERTS = ['new_conversation', 'assigned_reply', 'monitoring_backlog'] as const;
export type StaffMessagingAlert = (typeof STAFF_MESSAGING_ALERTS)[number];

/** A staff member's personal automatic reply while they are away. */
export interface AwayMessage {
  body: string;
  /** Active from this instant (absent: from when it was saved). */
  from?: string;
  /** Active until this instant (absent: until turned off). */
  until?: string;
  /**
   * Changes on every save, so a new away spell answers a conversation again while the
   * same one answers it only once.
   */
  stamp: string;
}

/** One staff member's messaging preferences, edited by themselves in the console. */
export interface StaffMessagingPreferences {
  staffId: string;
  alerts: StaffMessagingAlert[];
  away?: AwayMessage;
  updatedAt: string;
}

/** Words and link domains that hold a person's message for moderation, edited by staff. */
export interface ContentFilter {
  /** Words or phrases, lower-case, matched on whole words. */
  keywords: string[];
  /** Domains, lower-case; a link to the domain or any subdomain matches. */
  domains: string[];
  /** Optimistic concurrency, like the settings: 0 before the first save. */
  version: number;
  updatedAt: string;
  updatedBy?: string;
}

/** How often staff inserted a response template. */
export interface TemplateUse {
  templateId: string;
  uses: number;
  lastUsedAt: string;
}

/**
 * The team's messaging curation beside the settings: each staff member's preferences
 * (alerts, away message) with the record of which conversations an away message already
 * answered, the usage count of response templates, and the content filter.
 */
export interface MessagingPreferenceStore {
  getPreferences(staffId: string): Promise<StaffMessagingPreferences | undefined>;
  /** Saves (replaces) one staff member's preferences. */
  putPreferences(preferences: StaffMessagingPreferences): Promise<void>;
  /** Every staff member's saved preferences (alerts fan out over them). */
  listPreferences(): Promise<StaffMessagingPreferences[]>;
  /**
   * Records that the away message `stamp` of `staffId` answered a conversation; true the
   * first time, false when it already had (atomic across processes: sent once).
   */
  claimAwayReply(staffId: string, conversationId: string, stamp: string, at: string): Promise<boolean>;
  /** Counts one use of a response template. */
  recordTemplateUse(templateId: string, at: string): Promise<void>;
  /** Every template's use count, by template id. */
  listTemplateUses(): Promise<TemplateUse[]>;
  getContentFilter(): Promise<ContentFilter | undefined>;
  /** Saves if the stored version is `expectedVersion` (0: none yet); false otherwise. */
  putContentFilter(filter: ContentFilter, expectedVersion: number): Promise<boolean>;
}
