/** What the account functions need, passed in (DESIGN rule 1). */
import type { Stores } from '../storage/ports.js';
import type { Mailer } from '../mail/mailer.js';

/** Account settings from the configuration. */
interface AccountSettings {
  publicUrl: string;
  signupMode: 'invite' | 'self';
  sessionTtlHours: number;
  passwordScryptLogN: number;
  organisationName: string;
}

/** Dependencies of the accounts domain. */
export interface AccountDeps {
  stores: Pick<
    Stores,
    | 'users'
    | 'sessions'
    | 'tokens'
    | 'directory'
    | 'audit'
    | 'consents'
    | 'credentials'
    | 'apiKeys'
    | 'enrolments'
    | 'submissions'
    | 'feedback'
    | 'surveys'
    | 'corrections'
    | 'userLocations'
    | 'backpack'
    | 'backpackLinks'
    | 'organisationDetails'
    | 'evidenceConsents'
  >;
  mailer: Mailer;
  settings: AccountSettings;
  now: () => Date;
  /**
   * Revokes the tokens of the person's connected backpacks at their hosts, best effort,
   * before erasure removes the connections (src/backpackLinks/connections.ts; set by createDeps).
   */
  revokeBackpackTokens?: (userId: string) => Promise<void>;
}

/** Who performs an action, for object-level checks and the audit log. */
export interface Actor {
  id: string;
  label: string;
  role: 'participant' | 'partner' | 'reviewer' | 'staff' | 'admin' | 'api_key';
  organisationId?: string;
}
