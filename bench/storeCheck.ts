/**
 * A sanity check after concurrent batch issuance: counts what the shared SQLite file
 * holds (read-only, on its own connection) and verifies the newest credential. A fast
 * batch that left credentials half-issued or duplicated an index would be no result.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { AppDeps } from '../src/deps.js';
import { verifyCredential } from '../src/verification/verifyCredential.js';

/** What the store holds. */
export interface StoreCounts {
  issued: number;
  reserved: number;
  statusEntries: number;
  distinctIndexes: number;
  statusLists: number;
  certificateNumbers: number;
}

/** Counts credentials, status entries and lists in the database under `root`. */
export function countStore(root: string): StoreCounts {
  const db = new Database(join(root, 'data', 'saypro.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const one = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      issued: one("SELECT count(*) AS n FROM credentials WHERE state = 'issued'"),
      reserved: one("SELECT count(*) AS n FROM credentials WHERE state = 'reserved'"),
      statusEntries: one('SELECT count(*) AS n FROM status_entries'),
      distinctIndexes: one('SELECT count(*) AS n FROM (SELECT DISTINCT list_id, idx FROM status_entries)'),
      statusLists: one('SELECT count(*) AS n FROM status_lists'),
      certificateNumbers: one('SELECT count(DISTINCT certificate_number) AS n FROM credentials'),
    };
  } finally {
    db.close();
  }
}

/** Verifies the most recently issued credential with our verifier; returns problems found. */
export async function verifyNewest(root: string, deps: AppDeps): Promise<string[]> {
  const db = new Database(join(root, 'data', 'saypro.sqlite'), { readonly: true, fileMustExist: true });
  let credential: string | undefined;
  try {
    const row = db
      .prepare("SELECT credential FROM credentials WHERE state = 'issued' ORDER BY rowid DESC LIMIT 1")
      .get() as { credential: string } | undefined;
    credential = row?.credential;
  } finally {
    db.close();
  }
  if (!credential) return ['no issued credential found'];
  const result = await verifyCredential(JSON.parse(credential), deps.verify);
  return result.verified ? [] : [`newest batch credential failed verification: ${JSON.stringify(result)}`];
}

/** Problems with the counts after issuing `expectedIssued` credentials in total. */
export function storeProblems(counts: StoreCounts, expectedIssued: number): string[] {
  const problems: string[] = [];
  if (counts.issued !== expectedIssued)
    problems.push(`expected ${expectedIssued} issued credentials, found ${counts.issued}`);
  if (counts.reserved !== 0) problems.push(`${counts.reserved} credentials were reserved but never issued`);
  if (counts.distinctIndexes !== counts.statusEntries) problems.push('two credentials share a status index');
  if (counts.certificateNumbers !== counts.issued + counts.reserved)
    problems.push('certificate numbers are not unique');
  return problems;
}
