/**
 * Migration 12 (issue 20, the OB 3.0 API as a provider): `oauth_records`, what the OAuth
 * 2.0 server (oidc-provider, through src/storage/oauthPorts.ts) keeps: clients, grants,
 * sessions, interactions, codes and tokens, keyed by (model, key) where the key of a secret
 * is its SHA-256. The indexes serve the library's other look-ups (a grant's records, to
 * revoke them together; a session by uid), a person's grants (/me) and the expiry sweep.
 */
import type { SqliteMigration } from '../migrate.js';

export const ob3OAuth: SqliteMigration = {
  version: 12,
  name: 'ob3_oauth',
  up(db) {
    db.exec(`
CREATE TABLE oauth_records (
  model TEXT NOT NULL,
  key TEXT NOT NULL,
  payload TEXT NOT NULL,
  grant_id TEXT,
  uid TEXT,
  account_id TEXT,
  client_id TEXT,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  consumed_at TEXT,
  disabled_at TEXT,
  PRIMARY KEY (model, key)
) STRICT;
CREATE INDEX oauth_records_grant ON oauth_records (grant_id) WHERE grant_id IS NOT NULL;
CREATE INDEX oauth_records_uid ON oauth_records (model, uid) WHERE uid IS NOT NULL;
CREATE INDEX oauth_records_account ON oauth_records (model, account_id) WHERE account_id IS NOT NULL;
CREATE INDEX oauth_records_expires ON oauth_records (expires_at) WHERE expires_at IS NOT NULL;
`);
  },
};
