/**
 * The MongoDB ScheduledReportStore: one document per kept report in `scheduledReports`,
 * its `_id` the kind and period, so of two inserts for one period the second fails on the
 * `_id` index and reports false; the recipients are the document 'recipients' of
 * `scheduledReportSettings`. No other index (migration 004 says why).
 */
import type { Collection, Db } from 'mongodb';
import {
  reportSummary,
  type ReportRecipients,
  type ScheduledReportRecord,
  type ScheduledReportStore,
} from '../scheduledReportPorts.js';
import { isDuplicateKey } from './collections.js';

type ReportDoc = ScheduledReportRecord & { _id: string };
type SettingsDoc = ReportRecipients & { _id: string };

const toRecord = (doc: ReportDoc | null): ScheduledReportRecord | undefined => {
  if (!doc) return undefined;
  const { _id, ...record } = doc;
  return record;
};

/** Builds the store over database `db`. */
export function createMongoScheduledReportStore(db: Db): ScheduledReportStore {
  const reports: Collection<ReportDoc> = db.collection<ReportDoc>('scheduledReports');
  const settings: Collection<SettingsDoc> = db.collection<SettingsDoc>('scheduledReportSettings');
  return {
    insert: async (record) => {
      try {
        await reports.insertOne({ _id: record.id, ...record });
        return true;
      } catch (error) {
        if (isDuplicateKey(error)) return false;
        throw error;
      }
    },
    get: async (id) => toRecord(await reports.findOne({ _id: id })),
    list: async (limit) =>
      (await reports.find({}).sort({ to: -1, kind: 1, _id: 1 }).limit(limit).toArray()).map((d) =>
        reportSummary(toRecord(d)!),
      ),
    listUnsent: async () =>
      (
        await reports
          .find({ emailedAt: { $exists: false } })
          .sort({ to: 1, kind: 1, _id: 1 })
          .toArray()
      ).map((d) => toRecord(d)!),
    markEmailed: async (id, at) => {
      await reports.updateOne({ _id: id, emailedAt: { $exists: false } }, { $set: { emailedAt: at } });
    },
    getRecipients: async () => {
      const doc = await settings.findOne({ _id: 'recipients' });
      if (!doc) return { userIds: [] };
      const { _id, ...recipients } = doc;
      return recipients;
    },
    setRecipients: async (recipients) => {
      await settings.replaceOne({ _id: 'recipients' }, recipients, { upsert: true });
    },
  };
}
