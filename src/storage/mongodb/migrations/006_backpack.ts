/**
 * MongoDB migration 006 (issue 20, the participant's backpack): `backpackItems`, found by
 * our entry id, by person and credential key (unique: storing a credential again replaces
 * the person's entry, and two people's copies stay apart), and listed by person, newest
 * first. createIndex with the same name and options is a no-op, so a partial run is safe
 * to repeat.
 */
import type { MongoMigration } from '../migrate.js';

export const backpack: MongoMigration = {
  id: '006_backpack',
  async up(db) {
    const items = db.collection('backpackItems');
    await items.createIndex({ id: 1 }, { name: 'id', unique: true });
    await items.createIndex({ userId: 1, credentialKey: 1 }, { name: 'userId_credentialKey', unique: true });
    await items.createIndex({ userId: 1, updatedAt: -1, id: -1 }, { name: 'userId_updatedAt_id' });
  },
};
