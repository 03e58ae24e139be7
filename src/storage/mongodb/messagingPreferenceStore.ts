/**
 * The MongoDB MessagingPreferenceStore. Every collection is keyed by `_id` (no other
 * index, see migration 007): preferences by staff id (replaced whole, upserted); an away
 * reply by "staff|conversation|stamp", so a second claim is a duplicate key and refused;
 * template uses by template id ($inc, upsert: atomic); the content filter is one document
 * inserted once and then replaced only under the expected version, like the settings.
 */
import type { Db } from 'mongodb';
import type {
  ContentFilter,
  MessagingPreferenceStore,
  StaffMessagingPreferences,
  TemplateUse,
} from '../ports.js';
import { isDuplicateKey, withoutId } from './collections.js';

type WithId<T> = T & { _id: string };
const FILTER_ID = 'contentFilter';

/** Builds the store over database `db`. */
export function createMongoMessagingPreferenceStore(db: Db): MessagingPreferenceStore {
  const preferences = db.collection<WithId<StaffMessagingPreferences>>('messagingStaffPreferences');
  const awayReplies = db.collection<{ _id: string; at: string }>('messagingAwayReplies');
  const templateUses = db.collection<WithId<TemplateUse>>('messagingTemplateUses');
  const filters = db.collection<WithId<ContentFilter>>('messagingContentFilter');
  return {
    getPreferences: async (staffId) => {
      const doc = await preferences.findOne({ _id: staffId });
      return doc ? withoutId(doc) : undefined;
    },
    putPreferences: async (p) => {
      await preferences.replaceOne({ _id: p.staffId }, { ...p }, { upsert: true });
    },
    listPreferences: async () =>
      (await preferences.find().sort({ _id: 1 }).toArray()).map((d) => withoutId(d)),
    claimAwayReply: async (staffId, conversationId, stamp, at) => {
      try {
        await awayReplies.insertOne({ _id: `${staffId}|${conversationId}|${stamp}`, at });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    recordTemplateUse: async (templateId, at) => {
      const bump = () =>
        templateUses.updateOne(
          { _id: templateId },
          { $inc: { uses: 1 }, $max: { lastUsedAt: at }, $setOnInsert: { templateId } },
          { upsert: true },
        );
      try {
        await bump();
      } catch (error) {
        // Two first uses at once: one upsert inserted, the other now finds the document.
        if (!isDuplicateKey(error)) throw error;
        await bump();
      }
    },
    listTemplateUses: async () =>
      (await templateUses.find().sort({ _id: 1 }).toArray()).map((d) => ({
        templateId: d.templateId,
        uses: d.uses,
        lastUsedAt: d.lastUsedAt,
      })),
    getContentFilter: async () => {
      const doc = await filters.findOne({ _id: FILTER_ID });
      return doc ? withoutId(doc) : undefined;
    },
    putContentFilter: async (filter, expectedVersion) => {
      if (expectedVersion === 0) {
        try {
          await filters.insertOne({ ...filter, _id: FILTER_ID });
          return true;
        } catch (error) {
          if (isDuplicateKey(error)) return false;
          throw error;
        }
      }
      return (
        (await filters.replaceOne({ _id: FILTER_ID, version: expectedVersion }, { ...filter }))
          .matchedCount === 1
      );
    },
  };
}
