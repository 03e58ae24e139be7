/**
 * Gives every credential stored before verification tokens existed its token, so every
 * certificate drawn from then on has a QR link that works. Runs on every init (it finds
 * nothing after the first). Each update only sets a token where there is none, so two
 * processes starting together never give one credential two tokens in turn.
 */
import { newVerificationToken } from '../verificationToken.js';
import type { Collections } from './collections.js';

/** Sets a fresh token on each credential that has none. */
export async function backfillVerificationTokens(c: Collections): Promise<void> {
  const missing = c.credentials.find(
    { verificationToken: { $exists: false } },
    { projection: { _id: 0, id: 1 } },
  );
  for await (const { id } of missing) {
    await c.credentials.updateOne(
      { id, verificationToken: { $exists: false } },
      { $set: { verificationToken: newVerificationToken() } },
    );
  }
}
