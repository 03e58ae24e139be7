/** What the messaging domain needs, passed in (DESIGN rule 1); built once in createDeps. */
import type { NotifyDeps } from '../notifications/notify.js';
import type { Stores } from '../storage/ports.js';
import type { MessageCrypto } from './messageCrypto.js';
import type { ConversationSignals } from './conversationSignals.js';

/** Dependencies of src/messaging/. */
export interface MessagingDeps {
  stores: Pick<
    Stores,
    | 'conversations'
    | 'conversationMessages'
    | 'moderation'
    | 'messagingSettings'
    | 'broadcasts'
    | 'messagingPreferences'
    | 'users'
    | 'audit'
    | 'directory'
    | 'courses'
    | 'enrolments'
    | 'consents'
    | 'userLocations'
    | 'monitoring'
    | 'surveys'
    | 'suggestionMarks'
  >;
  crypto: MessageCrypto;
  /** New-message notices to people who are away. */
  notifications: NotifyDeps;
  /** Wakes live views in this process when a conversation changes. */
  signals: ConversationSignals;
  publicUrl: string;
  now: () => Date;
}
