/**
 * The SQLite UserLocationStore: one row per located person in `user_locations`
 * (migration 008), replaced on change; listed by country through its index.
 */
import type { UserLocation, UserLocationStore } from '../ports.js';
import type { SqliteDb } from './schema.js';

/** A row of `user_locations`. */
interface LocationRow {
  user_id: string;
  country: string;
  region: string | null;
  city: string | null;
  updated_at: string;
}

/** Maps a row to its record (absent columns are absent fields, as MongoDB stores them). */
function toLocation(row: LocationRow): UserLocation {
  return {
    userId: row.user_id,
    country: row.country,
    ...(row.region !== null ? { region: row.region } : {}),
    ...(row.city !== null ? { city: row.city } : {}),
    updatedAt: row.updated_at,
  };
}

/** Builds the location store over an open, migrated database. */
export function createSqliteUserLocationStore(db: SqliteDb): UserLocationStore {
  const upsert = db.prepare<[string, string, string | null, string | null, string]>(
    `INSERT INTO user_locations (user_id, country, region, city, updated_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (user_id) DO UPDATE SET country = excluded.country, region = excluded.region,
       city = excluded.city, updated_at = excluded.updated_at`,
  );
  const byUser = db.prepare<[string], LocationRow>('SELECT * FROM user_locations WHERE user_id = ?');
  const remove = db.prepare<[string]>('DELETE FROM user_locations WHERE user_id = ?');
  const inCountry = db.prepare<[string], LocationRow>(
    'SELECT * FROM user_locations WHERE country = ? ORDER BY user_id',
  );
  return {
    setLocation: async (l) => {
      upsert.run(l.userId, l.country, l.region ?? null, l.city ?? null, l.updatedAt);
    },
    getLocation: async (userId) => {
      const row = byUser.get(userId);
      return row ? toLocation(row) : undefined;
    },
    removeLocation: async (userId) => {
      remove.run(userId);
    },
    listInCountry: async (country) => inCountry.all(country).map(toLocation),
  };
}
