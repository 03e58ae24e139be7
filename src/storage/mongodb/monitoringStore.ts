/**
 * The MongoDB MonitoringStore. Every instance of a deployment writes here, so each write is
 * one atomic `$inc` upsert: heartbeats by `_id` `<minute>|<instance>`, route counts by
 * `<hour>|<method>|<route>` (the histogram as fields `latency.b0`, `latency.b1`, ...). The
 * `_id`s start with the time, so range reads go by `_id` and need no other index
 * (migration 009). An alert is claimed by inserting its kind, or else by a conditional
 * update on its last time, so of two instances exactly one wins.
 */
import type { Collection, Db, Filter, UpdateFilter } from 'mongodb';
import {
  LATENCY_BUCKETS,
  type MonitoringStore,
  type RequestCounts,
  type RouteHourRecord,
} from '../monitoringPorts.js';
import { isDuplicateKey } from './collections.js';

interface HeartbeatDoc extends RequestCounts {
  _id: string;
  minute: string;
  instanceId: string;
}

interface RouteDoc extends RequestCounts {
  _id: string;
  hour: string;
  method: string;
  route: string;
  latency: Record<string, number>;
}

interface AlertDoc {
  _id: string;
  lastAt: string;
}

/** The end of a range of `_id`s that start with a time before `to` (`|` sorts after the time's characters). */
const idRange = (from: string, to: string) => ({ $gte: from, $lt: to });

const toRecord = (doc: RouteDoc): RouteHourRecord => ({
  hour: doc.hour,
  method: doc.method,
  route: doc.route,
  requests: doc.requests,
  clientErrors: doc.clientErrors,
  serverErrors: doc.serverErrors,
  latency: Array.from({ length: LATENCY_BUCKETS }, (_, i) => doc.latency?.[`b${i}`] ?? 0),
});

/**
 * An `$inc` upsert, tried again once when a racing instance inserted the same `_id` first
 * (the server may refuse the second insert of an upsert rather than retry it as an update).
 */
async function upsertAdding<T extends { _id: string }>(
  collection: Collection<T>,
  id: string,
  update: UpdateFilter<T>,
): Promise<void> {
  const filter = { _id: id } as Filter<T>;
  try {
    await collection.updateOne(filter, update, { upsert: true });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    await collection.updateOne(filter, update, { upsert: true });
  }
}

/** Builds the store over database `db`. */
export function createMongoMonitoringStore(db: Db): MonitoringStore {
  const beats: Collection<HeartbeatDoc> = db.collection<HeartbeatDoc>('monitoringHeartbeats');
  const routes: Collection<RouteDoc> = db.collection<RouteDoc>('monitoringRouteHours');
  const alerts: Collection<AlertDoc> = db.collection<AlertDoc>('monitoringAlerts');
  return {
    recordHeartbeat: async (s) => {
      await upsertAdding(beats, `${s.minute}|${s.instanceId}`, {
        $setOnInsert: { minute: s.minute, instanceId: s.instanceId },
        $inc: { requests: s.requests, clientErrors: s.clientErrors, serverErrors: s.serverErrors },
      });
    },
    addRouteCounts: async (hour, counts) => {
      await Promise.all(
        counts.map((c) =>
          upsertAdding(routes, `${hour}|${c.method}|${c.route}`, {
            $setOnInsert: { hour, method: c.method, route: c.route },
            $inc: {
              requests: c.requests,
              clientErrors: c.clientErrors,
              serverErrors: c.serverErrors,
              ...Object.fromEntries(c.latency.map((n, i) => [`latency.b${i}`, n])),
            },
          }),
        ),
      );
    },
    heartbeatMinutes: async (from, to) => {
      const docs = await beats.find({ _id: idRange(from, to) }, { projection: { minute: 1 } }).toArray();
      return [...new Set(docs.map((d) => d.minute))].sort();
    },
    firstHeartbeat: async () => {
      const [doc] = await beats
        .find({}, { projection: { minute: 1 } })
        .sort({ _id: 1 })
        .limit(1)
        .toArray();
      return doc?.minute;
    },
    requestTotals: async (from, to) => {
      const docs = await beats.find({ _id: idRange(from, to) }).toArray();
      return docs.reduce<RequestCounts>(
        (sum, d) => ({
          requests: sum.requests + d.requests,
          clientErrors: sum.clientErrors + d.clientErrors,
          serverErrors: sum.serverErrors + d.serverErrors,
        }),
        { requests: 0, clientErrors: 0, serverErrors: 0 },
      );
    },
    listRouteHours: async (from, to) =>
      (
        await routes
          .find({ _id: idRange(from, to) })
          .sort({ _id: 1 })
          .toArray()
      ).map(toRecord),
    claimAlert: async (kind, at, quietSince) => {
      try {
        await alerts.insertOne({ _id: kind, lastAt: at });
        return true;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
      const updated = await alerts.updateOne(
        { _id: kind, lastAt: { $lte: quietSince } },
        { $set: { lastAt: at } },
      );
      return updated.modifiedCount === 1;
    },
    deleteBefore: async (before) => {
      await beats.deleteMany({ _id: { $lt: before } });
      await routes.deleteMany({ _id: { $lt: before } });
    },
  };
}
