/**
 * Repository interfaces for people and access: users, sessions, single-use tokens,
 * organisations and teams, the audit log and consent records. Same rules as ports.ts:
 * plain JSON-able records, one contract suite for every adapter.
 */

/** The roles, in order of increasing reach; role checks live in one middleware, object checks in the domain. */
export const ROLES = ['participant', 'partner', 'reviewer', 'staff', 'admin'] as const;

/** What a person may do. */
export type Role = (typeof ROLES)[number];

/** The roles that review participants' work (a course's reviewers are chosen among them). */
export const REVIEWING_ROLES = ['reviewer', 'staff', 'admin'] as const satisfies readonly Role[];

/** The roles of the staff side (console, accreditation review, the messaging inbox). */
export const STAFF_ROLES = ['staff', 'admin'] as const satisfies readonly Role[];

/** A person with an account. Emails are stored lower-cased and trimmed. */
export interface UserRecord {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** `scrypt$N$r$p$salt$hash` (base64url); absent until the person sets a password. */
  passwordHash?: string;
  emailVerifiedAt?: string;
  /** For partners: their organisation. */
  organisationId?: string;
  /** For staff: the teams they belong to. */
  teamIds: string[];
  status: 'active' | 'disabled' | 'erased';
  /** Consecutive failed password checks since the last success (see src/accounts/loginThrottle.ts). */
  failedLogins: number;
  /** When the last failed (or not yet decided) password check was; the delay runs from here. */
  lastFailedLoginAt?: string;
  /**
   * Written by versions that locked accounts for 15 minutes. Nothing reads it any more (so
   * an old value locks nobody out); the next successful login removes it.
   */
  lockedUntil?: string;
  createdAt: string;
  updatedAt: string;
}

/** Fields a user update may change. */
export type UserPatch = Partial<
  Pick<
    UserRecord,
    | 'email'
    | 'name'
    | 'role'
    | 'passwordHash'
    | 'emailVerifiedAt'
    | 'organisationId'
    | 'teamIds'
    | 'status'
    | 'lockedUntil'
  >
>;

/** The failed-login counter of a user, as a compare-and-set expects it. */
export type LoginFailureState = Pick<UserRecord, 'failedLogins' | 'lastFailedLoginAt'>;

/** Raised by create/update when another user already has the email. */
export class DuplicateEmailError extends Error {
  constructor(readonly email: string) {
    super(`A user with email ${email} already exists`);
    this.name = 'DuplicateEmailError';
  }
}

/** Users. */
export interface UserStore {
  /** Throws DuplicateEmailError if the email is taken. */
  create(user: UserRecord): Promise<void>;
  get(id: string): Promise<UserRecord | undefined>;
  getByEmail(email: string): Promise<UserRecord | undefined>;
  /** Applies the patch (a key set to undefined removes that optional field); returns the new record. */
  update(id: string, patch: UserPatch, now: string): Promise<UserRecord | undefined>;
  /** Newest first. */
  list(filter: {
    role?: Role;
    organisationId?: string;
    limit: number;
    offset: number;
  }): Promise<UserRecord[]>;
  count(filter?: { role?: Role }): Promise<number>;
  /**
   * Atomically counts a failed login: failedLogins goes up by one, or restarts at 1 when
   * lastFailedLoginAt is absent or earlier than `forgetBefore`; lastFailedLoginAt becomes
   * `now`. With `ifState`, only when the stored counter still equals it (compare-and-set,
   * so of two concurrent calls from the same state exactly one counts). Returns the
   * updated record, or undefined when the user is unknown or the state has moved on.
   */
  recordLoginFailure(
    id: string,
    options: { now: string; forgetBefore: string; ifState?: LoginFailureState },
  ): Promise<UserRecord | undefined>;
  /** Clears the failure count, its time and any old lock after a successful password check. */
  clearLoginFailures(id: string, now: string): Promise<void>;
}

/** A signed-in browser session. The cookie holds a secret; only its hash is stored. */
export interface SessionRecord {
  /** SHA-256 (hex) of the cookie secret. */
  idHash: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
  lastSeenAt: string;
  /** Shown to the user in their list of sessions; never used for access. */
  userAgent?: string;
}

/** Sessions. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(idHash: string): Promise<SessionRecord | undefined>;
  touch(idHash: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  delete(idHash: string): Promise<void>;
  /** Signs a user out everywhere (password reset, erasure, disabling). Returns how many. */
  deleteForUser(userId: string): Promise<number>;
  listForUser(userId: string): Promise<SessionRecord[]>;
}

/**
 * What a single-use token is for. `did_challenge`: the challenge a partner signs a DID
 * Authentication presentation with, to prove control of the issuer DID it registers.
 */
export type TokenPurpose = 'verify_email' | 'reset_password' | 'invitation' | 'setup' | 'did_challenge';

/** A single-use, expiring token sent by email (or printed for first-run setup, or shown on /partner as a DID challenge). */
export interface TokenRecord {
  /** SHA-256 (hex) of the secret; the secret itself is only in the link. */
  hash: string;
  purpose: TokenPurpose;
  userId?: string;
  /** Invitation details: who is invited and as what. */
  email?: string;
  role?: Role;
  organisationId?: string;
  createdBy?: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** Single-use tokens. */
export interface TokenStore {
  create(token: TokenRecord): Promise<void>;
  /** Looks a token up without using it (to show a form). */
  peek(hash: string, purpose: TokenPurpose): Promise<TokenRecord | undefined>;
  /**
   * Atomically marks an unused, unexpired token of this purpose as used and returns it;
   * undefined if it is unknown, used, expired or for another purpose. Two concurrent
   * calls never both succeed.
   */
  consume(hash: string, purpose: TokenPurpose, now: string): Promise<TokenRecord | undefined>;
  /** Removes a user's unused tokens of a purpose (a new reset link replaces old ones). */
  deleteForUser(userId: string, purpose?: TokenPurpose): Promise<void>;
}

/** A partner organisation. */
export interface OrganisationRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** A staff team (messaging routes categories to teams). */
export interface TeamRecord {
  id: string;
  name: string;
  createdAt: string;
}

/** Organisations and teams. */
export interface DirectoryStore {
  createOrganisation(org: OrganisationRecord): Promise<void>;
  getOrganisation(id: string): Promise<OrganisationRecord | undefined>;
  listOrganisations(): Promise<OrganisationRecord[]>;
  createTeam(team: TeamRecord): Promise<void>;
  listTeams(): Promise<TeamRecord[]>;
}

/** One audited action by an admin, staff member or API key. */
export interface AuditRecord {
  id: string;
  at: string;
  actorId: string;
  /** Who, in words, as it was at the time (the actor may later be erased). */
  actorLabel: string;
  action: string;
  objectType: string;
  objectId?: string;
  details?: Record<string, unknown>;
}

/** The audit log: append-only. */
export interface AuditStore {
  append(record: AuditRecord): Promise<void>;
  /** Newest first; `before` is an `at` cursor for paging. */
  list(filter: {
    actorId?: string;
    action?: string;
    objectId?: string;
    from?: string;
    to?: string;
    before?: string;
    limit: number;
  }): Promise<AuditRecord[]>;
}

/** What a consent is about. */
export type ConsentKind = 'terms' | 'privacy' | 'name_on_certificate' | 'marketing';

/** A consent given or withdrawn, with the version of the text the person saw. */
export interface ConsentRecord {
  id: string;
  userId: string;
  kind: ConsentKind;
  textVersion: string;
  granted: boolean;
  at: string;
}

/** Consent records: append-only history; the latest per kind is in force. */
export interface ConsentStore {
  record(consent: ConsentRecord): Promise<void>;
  /** Oldest first. */
  listForUser(userId: string): Promise<ConsentRecord[]>;
  /** The records of one kind for many people (a broadcast's consent check), oldest first. */
  listOfKind(kind: ConsentKind, userIds: readonly string[]): Promise<ConsentRecord[]>;
  /** Deletes a user's consent history (erasure). */
  deleteForUser(userId: string): Promise<void>;
}
