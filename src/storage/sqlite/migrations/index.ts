/**
 * Every SQLite migration, in order. A migration's version is its place in this list
 * (1, 2, 3, ...), and a file's user_version is the last one applied to it. Append only:
 * never edit, reorder or remove one that has shipped.
 */
import type { SqliteMigration } from '../migrate.js';
import { baseline } from './001_baseline.js';

export const SQLITE_MIGRATIONS: readonly SqliteMigration[] = [baseline];
