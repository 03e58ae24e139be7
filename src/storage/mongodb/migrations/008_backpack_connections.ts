/**
 * MongoDB migration 008 (issue 20, part 3: connecting an external OB 3.0 backpack): our
 * OAuth client per host (unique by host: registered once), people's connections (by id,
 * listed per person, found by the state of a pending authorization) and pushes (by id,
 * listed per person, due ones by status and time). createIndex with the same name and
 * options is a no-op, so a partial run is safe to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const backpackConnections: MongoMigration = {
  id: '008_backpack_connections',
  async up(db) {
    await db.collection('backpackHostClients').createIndex({ host: 1 }, { name: 'host', unique: true });
    const connections = db.collection('backpackConnections');
    await connections.createIndex({ id: 1 }, { name: 'id', unique: true });
    await connections.createIndex({ userId: 1, createdAt: 1, id: 1 }, { name: 'userId_createdAt_id' });
    await connections.createIndex({ userId: 1, stateHash: 1 }, { name: 'userId_stateHash' });
    const pushes = db.collection('backpackPushes');
    await pushes.createIndex({ id: 1 }, { name: 'id', unique: true });
    await pushes.createIndex({ userId: 1, createdAt: -1, id: -1 }, { name: 'userId_createdAt_id' });
    await pushes.createIndex({ status: 1, nextAttemptAt: 1 }, { name: 'status_nextAttemptAt' });
  },
};
