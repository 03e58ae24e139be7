/**
 * The MongoDB storage adapter (used when MONGODB_URI is set), over the official
 * driver. It needs no transactions, so a standalone server works as well as a
 * replica set.
 */
import { MongoClient } from 'mongodb';
import type { Stores } from '../ports.js';
import { getAccountCollections } from './accountCollections.js';
import { createMongoApiKeyStore } from './apiKeyStore.js';
import { createMongoAuditStore } from './auditStore.js';
import { getCollections } from './collections.js';
import { createMongoConsentStore } from './consentStore.js';
import { createMongoCredentialStore, createMongoStatusListStore } from './credentialStore.js';
import { createMongoDirectoryStore } from './directoryStore.js';
import { createMongoExchangeStore, getExchangeCollection } from './exchangeStore.js';
import { createMongoSessionStore } from './sessionStore.js';
import { createMongoTemplateStore, getTemplateCollections } from './templateStore.js';
import { createMongoProgramStores, getProgramCollections } from './programStore.js';
import {
  createMongoMessageTemplateStore,
  createMongoNotificationSettingsStore,
  createMongoOutboxStore,
  getNotificationCollections,
} from './notificationStore.js';
import { createMongoMessagingStores, getMessagingCollections } from './messagingStore.js';
import { createMongoMessagingPreferenceStore } from './messagingPreferenceStore.js';
import { createMongoAccreditationStore, getAccreditationCollections } from './accreditationStore.js';
import { createMongoIrregularityStore } from './irregularityStore.js';
import { createMongoTrustStore, getTrustCollections } from './trustStore.js';
import { createMongoBackpackStore } from './backpackStore.js';
import { createMongoBackpackLinkStore } from './backpackLinkStore.js';
import { createMongoBadgeImageStore, createMongoEvidenceConsentStore } from './badgeStores.js';
import { createMongoContentStore } from './contentStore.js';
import { createMongoCorrectionStore } from './correctionStore.js';
import { createMongoMonitoringStore } from './monitoringStore.js';
import { createMongoScheduledReportStore } from './scheduledReportStore.js';
import { createMongoCheckInStore } from './checkInStore.js';
import { createMongoOrganisationDetailsStore } from './organisationDetailsStore.js';
import { createMongoSuggestionMarkStore, createMongoSurveyStore } from './surveyStore.js';
import { migrateMongo } from './migrate.js';
import { createMongoTokenStore } from './tokenStore.js';
import { createMongoUserStore } from './userStore.js';
import { createMongoUserLocationStore } from './userLocationStore.js';
import { createMongoOAuthStore } from './oauthStore.js';
import { backfillVerificationTokens } from './verificationTokens.js';

/**
 * Connects to `uri` and returns the stores over database `dbName`. Connecting here
 * (rather than lazily) makes a wrong URI fail at start-up. `ignoreUndefined` keeps
 * unset optional fields absent instead of storing them as null. Call `init()` to
 * apply the migrations (migrate.ts: the indexes) before first use; it refuses a database
 * that a newer release has migrated (MongoSchemaTooNewError).
 */
export async function createMongoStores(uri: string, dbName: string): Promise<Stores> {
  const client = new MongoClient(uri, { ignoreUndefined: true });
  await client.connect();
  const db = client.db(dbName);
  const collections = getCollections(db);
  const accounts = getAccountCollections(db);
  const exchanges = getExchangeCollection(db);
  const templates = getTemplateCollections(db);
  const programs = getProgramCollections(db);
  const notifications = getNotificationCollections(db);
  const messaging = getMessagingCollections(db);
  const accreditation = getAccreditationCollections(db);
  const trust = getTrustCollections(db);
  return {
    credentials: createMongoCredentialStore(collections),
    statusLists: createMongoStatusListStore(collections),
    apiKeys: createMongoApiKeyStore(collections),
    users: createMongoUserStore(accounts),
    sessions: createMongoSessionStore(accounts),
    tokens: createMongoTokenStore(accounts),
    directory: createMongoDirectoryStore(accounts),
    audit: createMongoAuditStore(accounts),
    consents: createMongoConsentStore(accounts),
    exchanges: createMongoExchangeStore(exchanges),
    templates: createMongoTemplateStore(templates),
    ...createMongoProgramStores(programs),
    outbox: createMongoOutboxStore(notifications),
    notificationSettings: createMongoNotificationSettingsStore(notifications),
    messageTemplates: createMongoMessageTemplateStore(notifications),
    ...createMongoMessagingStores(messaging),
    messagingPreferences: createMongoMessagingPreferenceStore(db),
    accreditation: createMongoAccreditationStore(accreditation),
    irregularities: createMongoIrregularityStore(db),
    trust: createMongoTrustStore(trust),
    content: createMongoContentStore(db),
    corrections: createMongoCorrectionStore(db),
    monitoring: createMongoMonitoringStore(db),
    scheduledReports: createMongoScheduledReportStore(db),
    checkIns: createMongoCheckInStore(db),
    organisationDetails: createMongoOrganisationDetailsStore(db),
    userLocations: createMongoUserLocationStore(db),
    backpack: createMongoBackpackStore(db),
    backpackLinks: createMongoBackpackLinkStore(db),
    badgeImages: createMongoBadgeImageStore(db),
    evidenceConsents: createMongoEvidenceConsentStore(db),
    oauth: createMongoOAuthStore(db),
    surveys: createMongoSurveyStore(db),
    suggestionMarks: createMongoSuggestionMarkStore(db),
    init: async () => {
      // The indexes come from the numbered migrations (applied once per database). The
      // token backfill stays on every start, as before: it finds nothing once done.
      await migrateMongo(db);
      await backfillVerificationTokens(collections);
    },
    close: () => client.close(),
  };
}
