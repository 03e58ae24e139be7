/**
 * The SQLite SurveyStore: versions and responses stored whole as JSON beside the columns
 * they are found by. (audience, version) is unique, and a response's primary key is
 * (audience, subject), so "once per certificate" holds even when two answers race. The
 * tables are made by migration 5 (migrations/005_surveys.ts); staff's marks on suggestion
 * themes by migration 10.
 */
import type {
  SuggestionMarkRecord,
  SuggestionMarkStore,
  SurveyResponseRecord,
  SurveyStore,
  SurveyVersionRecord,
} from '../surveyPorts.js';
import type { SqliteDb } from './schema.js';

const version = (row: { record: string } | undefined): SurveyVersionRecord | undefined =>
  row ? (JSON.parse(row.record) as SurveyVersionRecord) : undefined;
const response = (row: { record: string } | undefined): SurveyResponseRecord | undefined =>
  row ? (JSON.parse(row.record) as SurveyResponseRecord) : undefined;

/** Builds the store over an open, migrated database. */
export function createSqliteSurveyStore(db: SqliteDb): SurveyStore {
  const insertVersion = db.prepare<[string, string, number, string]>(
    'INSERT INTO survey_versions (id, audience, version, record) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const oneVersion = db.prepare<[string], { record: string }>(
    'SELECT record FROM survey_versions WHERE id = ?',
  );
  const versionsOf = db.prepare<[string], { record: string }>(
    'SELECT record FROM survey_versions WHERE audience = ? ORDER BY version DESC',
  );
  const insertResponse = db.prepare<[string, string, string, string, string, string]>(
    'INSERT INTO survey_responses (audience, subject, survey_id, user_id, at, record) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const oneResponse = db.prepare<[string, string], { record: string }>(
    'SELECT record FROM survey_responses WHERE audience = ? AND subject = ?',
  );
  const responsesIn = db.prepare<[string, string, string], { record: string }>(
    'SELECT record FROM survey_responses WHERE audience = ? AND at >= ? AND at < ? ORDER BY at, subject',
  );
  const counts = db.prepare<[string], { survey_id: string; n: number }>(
    'SELECT survey_id, COUNT(*) AS n FROM survey_responses WHERE audience = ? GROUP BY survey_id',
  );
  const pageAfter = db.prepare<[string, string, string, number], { record: string }>(
    'SELECT record FROM survey_responses WHERE audience = ? AND (at, subject) > (?, ?) ORDER BY at, subject LIMIT ?',
  );
  const responsesOf = db.prepare<[string], { record: string }>(
    'SELECT record FROM survey_responses WHERE user_id = ? ORDER BY at, audience, subject',
  );
  const erase = db.prepare<[string]>('DELETE FROM survey_responses WHERE user_id = ?');
  const eraseOne = db.prepare<[string, string]>(
    'DELETE FROM survey_responses WHERE user_id = ? AND audience = ?',
  );
  return {
    publishVersion: async (record) =>
      insertVersion.run(record.id, record.audience, record.version, JSON.stringify(record)).changes === 1,
    getVersion: async (id) => version(oneVersion.get(id)),
    currentVersion: async (audience) => version(versionsOf.get(audience)),
    listVersions: async (audience) => versionsOf.all(audience).map((row) => version(row)!),
    addResponse: async (record) =>
      insertResponse.run(
        record.audience,
        record.subject,
        record.surveyId,
        record.userId,
        record.at,
        JSON.stringify(record),
      ).changes === 1,
    getResponse: async (audience, subject) => response(oneResponse.get(audience, subject)),
    // '' sorts before every instant and '~' after, so an open end reads everything.
    listResponses: async ({ audience, from, to }) =>
      responsesIn.all(audience, from ?? '', to ?? '~').map((row) => response(row)!),
    countResponses: async (audience) =>
      Object.fromEntries(counts.all(audience).map((row) => [row.survey_id, row.n])),
    // An empty cursor sorts before every (at, subject).
    pageResponses: async ({ audience, after, limit }) =>
      pageAfter.all(audience, after?.at ?? '', after?.subject ?? '', limit).map((row) => response(row)!),
    listResponsesOf: async (userId) => responsesOf.all(userId).map((row) => response(row)!),
    eraseResponsesOf: async (userId, audience) => {
      if (audience) eraseOne.run(userId, audience);
      else erase.run(userId);
    },
  };
}

/** Staff's marks on suggestion themes (migration 10). */
export function createSqliteSuggestionMarkStore(db: SqliteDb): SuggestionMarkStore {
  const put = db.prepare<[string, string]>(
    'INSERT INTO survey_suggestion_marks (theme, record) VALUES (?, ?) ON CONFLICT (theme) DO UPDATE SET record = excluded.record',
  );
  const all = db.prepare<[], { record: string }>('SELECT record FROM survey_suggestion_marks ORDER BY theme');
  return {
    putMark: async (record) => {
      put.run(record.theme, JSON.stringify(record));
    },
    listMarks: async () => all.all().map((row) => JSON.parse(row.record) as SuggestionMarkRecord),
  };
}
