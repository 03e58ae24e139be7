/**
 * The MongoDB SurveyStore: one document per version (`_id` `<audience>@<n>`) and per
 * response (`_id` `<audience>:<subject>`), so both uniqueness rules are the `_id`'s and
 * need no index of their own; a racing second insert is a duplicate key, answered as
 * false. Staff's marks on suggestion themes: one document per theme (`_id` the theme).
 */
import type { Collection, Db } from 'mongodb';
import type {
  SuggestionMarkRecord,
  SuggestionMarkStore,
  SurveyAudience,
  SurveyResponseRecord,
  SurveyStore,
  SurveyVersionRecord,
} from '../surveyPorts.js';
import { isDuplicateKey, isKey, withoutId } from './collections.js';

type VersionDoc = SurveyVersionRecord & { _id: string };
type ResponseDoc = SurveyResponseRecord & { _id: string };

const responseKey = (audience: SurveyAudience, subject: string) => `${audience}:${subject}`;

async function insertOnce(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/** Builds the store over database `db`. */
export function createMongoSurveyStore(db: Db): SurveyStore {
  const versions: Collection<VersionDoc> = db.collection<VersionDoc>('survey_versions');
  const responses: Collection<ResponseDoc> = db.collection<ResponseDoc>('survey_responses');
  const toVersion = (doc: VersionDoc | null) => (doc ? withoutId(doc) : undefined);
  const toResponse = (doc: ResponseDoc | null) => (doc ? withoutId(doc) : undefined);
  return {
    publishVersion: (record) =>
      insertOnce(() => versions.insertOne({ _id: `${record.audience}@${record.version}`, ...record })),
    getVersion: async (id) => toVersion(await versions.findOne({ _id: id })),
    currentVersion: async (audience) =>
      toVersion(await versions.find({ audience }).sort({ version: -1 }).limit(1).next()),
    listVersions: async (audience) =>
      (await versions.find({ audience }).sort({ version: -1 }).toArray()).map((d) => toVersion(d)!),
    addResponse: (record) =>
      insertOnce(() => responses.insertOne({ _id: responseKey(record.audience, record.subject), ...record })),
    getResponse: async (audience, subject) =>
      toResponse(await responses.findOne({ _id: responseKey(audience, subject) })),
    listResponses: async ({ audience, from, to }) => {
      const at = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
      const filter = from || to ? { audience, at } : { audience };
      return (await responses.find(filter).sort({ at: 1, subject: 1 }).toArray()).map((d) => toResponse(d)!);
    },
    countResponses: async (audience) => {
      const rows = await responses
        .aggregate<{ _id: string; n: number }>([
          { $match: { audience } },
          { $group: { _id: '$surveyId', n: { $sum: 1 } } },
        ])
        .toArray();
      return Object.fromEntries(rows.map((row) => [row._id, row.n]));
    },
    pageResponses: async ({ audience, after, limit }) => {
      const filter = after
        ? { audience, $or: [{ at: { $gt: after.at } }, { at: after.at, subject: { $gt: after.subject } }] }
        : { audience };
      const page = await responses.find(filter).sort({ at: 1, subject: 1 }).limit(limit).toArray();
      return page.map((d) => toResponse(d)!);
    },
    // An undefined key would vanish from the filter and match everyone (collections.ts).
    listResponsesOf: async (userId) =>
      !isKey(userId)
        ? []
        : (await responses.find({ userId }).sort({ at: 1, audience: 1, subject: 1 }).toArray()).map(
            (d) => toResponse(d)!,
          ),
    eraseResponsesOf: async (userId, audience) => {
      if (!isKey(userId)) return;
      await responses.deleteMany(audience ? { userId, audience } : { userId });
    },
  };
}

type MarkDoc = SuggestionMarkRecord & { _id: string };

/** Staff's marks on suggestion themes over database `db`. */
export function createMongoSuggestionMarkStore(db: Db): SuggestionMarkStore {
  const marks: Collection<MarkDoc> = db.collection<MarkDoc>('survey_suggestion_marks');
  return {
    putMark: async (record) => {
      await marks.replaceOne({ _id: record.theme }, { ...record }, { upsert: true });
    },
    listMarks: async () => (await marks.find({}).sort({ _id: 1 }).toArray()).map((d) => withoutId(d)),
  };
}
