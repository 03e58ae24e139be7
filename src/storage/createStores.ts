/**
 * Picks the storage adapter from configuration: MongoDB when a URI is given, else the
 * embedded SQLite file under the data directory. Adapters are imported on demand so
 * a deployment loads only the driver it uses.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Stores } from './ports.js';

/** The configuration fields storage needs (a subset of the app config). */
export interface StoresConfig {
  mongodbUri?: string | undefined;
  mongodbDb: string;
  dataDir: string;
}

/** Opens the configured stores and runs their `init()` (tables / indexes). */
export async function createStores(config: StoresConfig): Promise<Stores> {
  let stores: Stores;
  if (config.mongodbUri) {
    const { createMongoStores } = await import('./mongodb/mongoStores.js');
    stores = await createMongoStores(config.mongodbUri, config.mongodbDb);
  } else {
    mkdirSync(config.dataDir, { recursive: true });
    const { createSqliteStores } = await import('./sqlite/sqliteStores.js');
    stores = createSqliteStores(join(config.dataDir, 'saypro.sqlite'));
  }
  try {
    await stores.init();
  } catch (err) {
    await stores.close();
    throw err;
  }
  return stores;
}
