/**
 * Migration 14 (issue 20, part 3: connecting an external OB 3.0 backpack): the OAuth client
 * we registered at each host (one per host), people's connections to hosts (tokens sealed,
 * as JSON text), and "send to my backpack" pushes with their attempts. Connections and
 * pushes are read per person; due pushes by status and time, hence the indexes.
 */
import type { SqliteMigration } from '../migrate.js';

export const backpackConnections: SqliteMigration = {
  version: 14,
  name: 'backpack_connections',
  up(db) {
    db.exec(`
CREATE TABLE backpack_host_clients (
  host TEXT PRIMARY KEY,
  data TEXT NOT NULL
) STRICT;
CREATE TABLE backpack_connections (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  state_hash TEXT,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX backpack_connections_user ON backpack_connections (user_id, created_at, id);
CREATE TABLE backpack_pushes (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  connection_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
  next_attempt_at TEXT,
  created_at TEXT NOT NULL,
  data TEXT NOT NULL
) STRICT;
CREATE INDEX backpack_pushes_user ON backpack_pushes (user_id, created_at DESC, id DESC);
CREATE INDEX backpack_pushes_due ON backpack_pushes (status, next_attempt_at);
`);
  },
};
