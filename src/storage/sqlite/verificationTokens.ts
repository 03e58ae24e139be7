/**
 * Gives every credential stored before verification tokens existed its token, so every
 * certificate drawn from then on has a QR link that works. Runs inside the schema
 * transaction on every start (it finds nothing to do after the first), before the unique
 * index over the column is created.
 */
import { newVerificationToken } from '../verificationToken.js';
import type { SqliteDb } from './schema.js';

/** Sets a fresh token on each row that has none. */
export function backfillVerificationTokens(db: SqliteDb): void {
  const missing = db.prepare<[], { id: string }>('SELECT id FROM credentials WHERE verification_token IS NULL').all();
  const assign = db.prepare<[string, string]>('UPDATE credentials SET verification_token = ? WHERE id = ? AND verification_token IS NULL');
  for (const { id } of missing) assign.run(newVerificationToken(), id);
}
