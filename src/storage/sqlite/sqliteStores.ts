/**
 * The embedded storage adapter: every store over one better-sqlite3 database file
 * (the default when no MongoDB URI is configured).
 */
import type { Stores } from '../ports.js';
import { createSqliteApiKeyStore } from './apiKeyStore.js';
import { createSqliteAuditStore } from './auditStore.js';
import { createSqliteConsentStore } from './consentStore.js';
import { createSqliteCredentialStore, createSqliteStatusListStore } from './credentialStore.js';
import { createSqliteDirectoryStore } from './directoryStore.js';
import { createSqliteExchangeStore } from './exchangeStore.js';
import { migrateSqlite } from './migrate.js';
import { openSqlite } from './schema.js';
import { startWalCheckpointer } from './walCheckpointer.js';
import { createSqliteSessionStore } from './sessionStore.js';
import { createSqliteTemplateStore } from './templateStore.js';
import { createSqliteProgramStores } from './programStore.js';
import {
  createSqliteMessageTemplateStore,
  createSqliteNotificationSettingsStore,
  createSqliteOutboxStore,
} from './notificationStore.js';
import { createSqliteMessagingStores } from './messagingStore.js';
import { createSqliteMessagingPreferenceStore } from './messagingPreferenceStore.js';
import { createSqliteAccreditationStore } from './accreditationStore.js';
import { createSqliteIrregularityStore } from './irregularityStore.js';
import { createSqliteTrustStore } from './trustStore.js';
import { createSqliteBackpackStore } from './backpackStore.js';
import { createSqliteBackpackLinkStore } from './backpackLinkStore.js';
import { createSqliteBadgeImageStore, createSqliteEvidenceConsentStore } from './badgeStores.js';
import { createSqliteContentStore } from './contentStore.js';
import { createSqliteCorrectionStore } from './correctionStore.js';
import { createSqliteMonitoringStore } from './monitoringStore.js';
import { createSqliteScheduledReportStore } from './scheduledReportStore.js';
import { createSqliteCheckInStore } from './checkInStore.js';
import { createSqliteOrganisationDetailsStore } from './organisationDetailsStore.js';
import { createSqliteSuggestionMarkStore, createSqliteSurveyStore } from './surveyStore.js';
import { createSqliteTokenStore } from './tokenStore.js';
import { createSqliteUserStore } from './userStore.js';
import { createSqliteUserLocationStore } from './userLocationStore.js';
import { createSqliteOAuthStore } from './oauthStore.js';

/**
 * Opens the database at `filePath` (or in memory) and returns its stores. The migrations
 * are applied here already (statements are prepared up front, so the tables must exist);
 * a file newer than this code is closed again and refused (SchemaTooNewError). `init()`
 * runs them again, a no-op on an up-to-date file, to honour the Stores contract.
 */
export function createSqliteStores(filePath: string | ':memory:'): Stores {
  const db = openSqlite(filePath);
  try {
    migrateSqlite(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const checkpointer = filePath === ':memory:' ? undefined : startWalCheckpointer(db, filePath);
  return {
    credentials: createSqliteCredentialStore(db),
    statusLists: createSqliteStatusListStore(db),
    apiKeys: createSqliteApiKeyStore(db),
    users: createSqliteUserStore(db),
    sessions: createSqliteSessionStore(db),
    tokens: createSqliteTokenStore(db),
    directory: createSqliteDirectoryStore(db),
    audit: createSqliteAuditStore(db),
    consents: createSqliteConsentStore(db),
    exchanges: createSqliteExchangeStore(db),
    templates: createSqliteTemplateStore(db),
    ...createSqliteProgramStores(db),
    outbox: createSqliteOutboxStore(db),
    notificationSettings: createSqliteNotificationSettingsStore(db),
    messageTemplates: createSqliteMessageTemplateStore(db),
    ...createSqliteMessagingStores(db),
    messagingPreferences: createSqliteMessagingPreferenceStore(db),
    accreditation: createSqliteAccreditationStore(db),
    irregularities: createSqliteIrregularityStore(db),
    trust: createSqliteTrustStore(db),
    content: createSqliteContentStore(db),
    corrections: createSqliteCorrectionStore(db),
    monitoring: createSqliteMonitoringStore(db),
    scheduledReports: createSqliteScheduledReportStore(db),
    checkIns: createSqliteCheckInStore(db),
    organisationDetails: createSqliteOrganisationDetailsStore(db),
    userLocations: createSqliteUserLocationStore(db),
    backpack: createSqliteBackpackStore(db),
    backpackLinks: createSqliteBackpackLinkStore(db),
    badgeImages: createSqliteBadgeImageStore(db),
    evidenceConsents: createSqliteEvidenceConsentStore(db),
    oauth: createSqliteOAuthStore(db),
    surveys: createSqliteSurveyStore(db),
    suggestionMarks: createSqliteSuggestionMarkStore(db),
    init: async () => {
      migrateSqlite(db);
    },
    close: async () => {
      await checkpointer?.close();
      if (db.open) db.close();
    },
  };
}
