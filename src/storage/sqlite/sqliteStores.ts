/**
 * The embedded storage adapter: every store over one better-sqlite3 database file
 * (the default when no MongoDB URI is configured).
 */
import type { Stores } from '../ports.js';
import { createSqliteApiKeyStore } from './apiKeyStore.js';
import { createSqliteAuditStore } from './auditStore.js';
import { createSqliteConsentStore } from './consentStore.js';
import { createSqliteCredentialStore } from './credentialStore.js';
import { createSqliteDirectoryStore } from './directoryStore.js';
import { applyExchangeSchema, createSqliteExchangeStore } from './exchangeStore.js';
import { applySchema, openSqlite } from './schema.js';
import { createSqliteSessionStore } from './sessionStore.js';
import { applyTemplateSchema, createSqliteTemplateStore } from './templateStore.js';
import { applyProgramSchema, createSqliteProgramStore } from './programStore.js';
import { applyNotificationSchema, createSqliteNotificationStore } from './notificationStore.js';
import { applyMessagingSchema, createSqliteMessagingStore } from './messagingStore.js';
import { applyAccreditationSchema, createSqliteAccreditationStore } from './accreditationStore.js';
import { applyTrustSchema, createSqliteTrustStore } from './trustStore.js';
import { createSqliteContentStore } from './contentStore.js';
import { createSqliteCorrectionStore } from './correctionStore.js';
import { createSqliteTokenStore } from './tokenStore.js';
import { createSqliteUserStore } from './userStore.js';

/**
 * Opens the database at `filePath` (or in memory) and returns its stores. The schema is
 * applied here already (adding columns a file from an earlier version lacks), because
 * statements are prepared up front; `init()` re-applies it (a no-op on an up-to-date
 * file) to honour the Stores contract.
 */
export function createSqliteStores(filePath: string | ':memory:'): Stores {
  const db = openSqlite(filePath);
  applySchema(db);
  applyExchangeSchema(db);
  applyTemplateSchema(db);
  applyProgramSchema(db);
  applyNotificationSchema(db);
  applyMessagingSchema(db);
  applyAccreditationSchema(db);
  applyTrustSchema(db);
  return {
    credentials: createSqliteCredentialStore(db),
    apiKeys: createSqliteApiKeyStore(db),
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    tokens: createSqliteTokenStore(db),
    directory: createSqliteDirectoryStore(db),
    audit: createSqliteAuditStore(db),
    consents: createSqliteConsentStore(db),
    exchanges: createSqliteExchangeStore(db),
    templates: createSqliteTemplateStore(db),
    programs: createSqliteProgramStore(db),
    notifications: createSqliteNotificationStore(db),
    messaging: createSqliteMessagingStore(db),
    accreditation: createSqliteAccreditationStore(db),
    trust: createSqliteTrustStore(db),
    content: createSqliteContentStore(db),
    corrections: createSqliteCorrectionStore(db),
    init: async () => {
      applySchema(db);
      applyExchangeSchema(db);
      applyTemplateSchema(db);
      applyProgramSchema(db);
      applyNotificationSchema(db);
      applyMessagingSchema(db);
      applyAccreditationSchema(db);
      applyTrustSchema(db);
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}
