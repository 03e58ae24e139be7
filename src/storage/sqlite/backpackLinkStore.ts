/**
 * The SQLite BackpackLinkStore (migration 14): each record is JSON text in `data`, beside
 * the columns it is looked up or ordered by. Every statement on connections and pushes
 * names the user, so nothing is read or removed through someone else's account.
 */
import type {
  BackpackConnection,
  BackpackHostClient,
  BackpackLinkStore,
  BackpackPush,
} from '../backpackLinkPorts.js';
import type { SqliteDb } from './schema.js';

type DataRow = { data: string };
const parse = <T>(row: DataRow | undefined): T | undefined => (row ? (JSON.parse(row.data) as T) : undefined);

/** Builds the store over an open database whose schema has been applied. */
export function createSqliteBackpackLinkStore(db: SqliteDb): BackpackLinkStore {
  const s = {
    getClient: db.prepare<[string], DataRow>('SELECT data FROM backpack_host_clients WHERE host = ?'),
    addClient: db.prepare<[string, string]>(
      'INSERT INTO backpack_host_clients VALUES (?, ?) ON CONFLICT (host) DO NOTHING',
    ),
    saveConnection: db.prepare<[string, string, string | null, string, string]>(
      `INSERT INTO backpack_connections VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET state_hash = excluded.state_hash, data = excluded.data`,
    ),
    getConnection: db.prepare<[string, string], DataRow>(
      'SELECT data FROM backpack_connections WHERE user_id = ? AND id = ?',
    ),
    byState: db.prepare<[string, string], DataRow>(
      'SELECT data FROM backpack_connections WHERE user_id = ? AND state_hash = ?',
    ),
    listConnections: db.prepare<[string], DataRow>(
      'SELECT data FROM backpack_connections WHERE user_id = ? ORDER BY created_at, id',
    ),
    removeConnection: db.prepare<[string, string]>(
      'DELETE FROM backpack_connections WHERE user_id = ? AND id = ?',
    ),
    removePushesOf: db.prepare<[string, string]>(
      'DELETE FROM backpack_pushes WHERE user_id = ? AND connection_id = ?',
    ),
    savePush: db.prepare<[string, string, string, string, string | null, string, string]>(
      `INSERT INTO backpack_pushes VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET status = excluded.status,
         next_attempt_at = excluded.next_attempt_at, data = excluded.data`,
    ),
    listPushes: db.prepare<[string, number], DataRow>(
      'SELECT data FROM backpack_pushes WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?',
    ),
    due: db.prepare<[string, number], DataRow>(
      `SELECT data FROM backpack_pushes WHERE status = 'pending' AND next_attempt_at <= ?
       ORDER BY next_attempt_at LIMIT ?`,
    ),
    removeAllConnections: db.prepare<[string]>('DELETE FROM backpack_connections WHERE user_id = ?'),
    removeAllPushes: db.prepare<[string]>('DELETE FROM backpack_pushes WHERE user_id = ?'),
  };
  const savePush = (p: BackpackPush) =>
    s.savePush.run(
      p.id,
      p.userId,
      p.connectionId,
      p.status,
      p.status === 'pending' ? (p.nextAttemptAt ?? null) : null,
      p.createdAt,
      JSON.stringify(p),
    );
  const removeConnection = db.transaction((userId: string, id: string) => {
    s.removePushesOf.run(userId, id);
    return s.removeConnection.run(userId, id).changes === 1;
  });
  const removeAll = db.transaction((userId: string) => {
    s.removeAllPushes.run(userId);
    return s.removeAllConnections.run(userId).changes;
  });
  // One transaction: the pushes read are the pushes leased.
  const claim = db.transaction((now: string, leaseUntil: string, limit: number) => {
    const pushes = s.due.all(now, limit).map((row) => JSON.parse(row.data) as BackpackPush);
    const claimed = pushes.map((p) => ({ ...p, nextAttemptAt: leaseUntil }));
    for (const p of claimed) savePush(p);
    return claimed;
  });
  return {
    getHostClient: async (host) => parse<BackpackHostClient>(s.getClient.get(host)),
    addHostClient: async (client) => {
      s.addClient.run(client.host, JSON.stringify(client));
      return parse<BackpackHostClient>(s.getClient.get(client.host))!;
    },
    saveConnection: async (c: BackpackConnection) => {
      s.saveConnection.run(c.id, c.userId, c.stateHash ?? null, c.createdAt, JSON.stringify(c));
    },
    getConnection: async (userId, id) => parse<BackpackConnection>(s.getConnection.get(userId, id)),
    findByState: async (userId, stateHash) => parse<BackpackConnection>(s.byState.get(userId, stateHash)),
    listConnections: async (userId) =>
      s.listConnections.all(userId).map((row) => JSON.parse(row.data) as BackpackConnection),
    removeConnection: async (userId, id) => removeConnection(userId, id),
    savePush: async (push) => {
      savePush(push);
    },
    listPushes: async (userId, limit) =>
      s.listPushes.all(userId, limit).map((row) => JSON.parse(row.data) as BackpackPush),
    claimDuePushes: async (now, leaseUntil, limit) => claim(now, leaseUntil, limit),
    removeAllOf: async (userId) => removeAll(userId),
  };
}
