/**
 * The MongoDB CheckInStore: a document per meeting (`_id` its id), per cadence (`_id` the
 * organisation) and per assessment (`_id` the organisation and quarter). A meeting update
 * is a replaceOne on its version, so two staff changing one meeting at once cannot both
 * win. The meetings' indexes are made by migration 003 (migrations/003_check_ins.ts).
 */
import type { Db, Filter } from 'mongodb';
import type {
  CheckInCadenceRecord,
  CheckInMeetingRecord,
  CheckInStore,
  QuarterlyAssessmentRecord,
} from '../checkInPorts.js';
import { withoutId } from './collections.js';

type MeetingDoc = CheckInMeetingRecord & { _id: string };
type CadenceDoc = CheckInCadenceRecord & { _id: string };
type AssessmentDoc = QuarterlyAssessmentRecord & { _id: string };

const assessmentId = (organisationId: string, quarter: string) => `${organisationId}:${quarter}`;

/** Builds the store over database `db`. */
export function createMongoCheckInStore(db: Db): CheckInStore {
  const meetings = db.collection<MeetingDoc>('check_in_meetings');
  const cadences = db.collection<CadenceDoc>('check_in_cadences');
  const assessments = db.collection<AssessmentDoc>('quarterly_assessments');
  return {
    createMeeting: async (meeting) => {
      await meetings.insertOne({ _id: meeting.id, ...meeting });
    },
    getMeeting: async (id) => {
      const doc = await meetings.findOne({ _id: id });
      return doc ? withoutId(doc) : undefined;
    },
    updateMeeting: async (meeting, expectedVersion) =>
      (await meetings.replaceOne({ _id: meeting.id, version: expectedVersion }, { ...meeting }))
        .matchedCount === 1,
    listMeetings: async (filter) => {
      const query: Filter<MeetingDoc> = {};
      if (filter.organisationId) query.organisationId = filter.organisationId;
      if (filter.from || filter.to)
        query.startsAt = {
          ...(filter.from ? { $gte: filter.from } : {}),
          ...(filter.to ? { $lt: filter.to } : {}),
        };
      const docs = await meetings.find(query).sort({ startsAt: 1, _id: 1 }).limit(filter.limit).toArray();
      return docs.map((d) => withoutId(d));
    },
    putCadence: async (record) => {
      await cadences.replaceOne({ _id: record.organisationId }, { ...record }, { upsert: true });
    },
    getCadence: async (organisationId) => {
      const doc = await cadences.findOne({ _id: organisationId });
      return doc ? withoutId(doc) : undefined;
    },
    listCadences: async () => (await cadences.find({}).sort({ _id: 1 }).toArray()).map((d) => withoutId(d)),
    putAssessment: async (record) => {
      const _id = assessmentId(record.organisationId, record.quarter);
      await assessments.replaceOne({ _id }, { ...record }, { upsert: true });
    },
    getAssessment: async (organisationId, quarter) => {
      const doc = await assessments.findOne({ _id: assessmentId(organisationId, quarter) });
      return doc ? withoutId(doc) : undefined;
    },
  };
}
