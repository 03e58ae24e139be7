/**
 * A server secret that is not a signing key: taken from the environment when given, else
 * generated once into `keys/<name>` (mode 0600, git-ignored) and read back on every start,
 * so links signed before a restart still work and several processes sharing `keys/` agree.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The secret as bytes: the environment value, or the file's, or a new random one. */
export function loadOrCreateSecret(keysDir: string, name: string, fromEnv?: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const path = join(keysDir, name);
  if (!existsSync(path)) {
    mkdirSync(keysDir, { recursive: true, mode: 0o700 });
    // Write then rename: a second process starting at the same moment reads a whole file.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    if (!existsSync(path)) renameSync(tmp, path);
  }
  return Buffer.from(readFileSync(path, 'utf8').trim(), 'utf8');
}
