/**
 * The SQLite TrustStore: trusted issuers keyed by DID, partners' issuer DIDs keyed by
 * organisation with a unique index on the DID (verification finds either by DID with one
 * index probe). An import runs in one transaction, so it is stored whole or not at all.
 */
import Database from 'better-sqlite3';
import {
  DuplicateTrustedIssuerError,
  PartnerIssuerTakenError,
  type PartnerIssuerRecord,
  type TrustedIssuerRecord,
  type TrustStore,
} from '../trustPorts.js';
import { migrateSqlite } from './migrate.js';
import type { SqliteDb } from './schema.js';

/**
 * Brings a bare database to the latest schema (every table, not only these); for callers
 * that open one themselves. The tables are made by the migrations (migrations/).
 */
export function applyTrustSchema(db: SqliteDb): void {
  migrateSqlite(db);
}

interface IssuerRow {
  did: string;
  name: string;
  url: string | null;
  note: string | null;
  valid_from: string | null;
  valid_until: string | null;
  created_at: string;
  updated_at: string;
  created_by: string;
}

interface PartnerRow {
  organisation_id: string;
  did: string;
  registered_at: string;
  registered_by: string;
}

type IssuerParams = [
  string,
  string,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
  string,
  string,
];
type UpdateParams = [string, string | null, string | null, string | null, string | null, string, string];

function toIssuer(row: IssuerRow): TrustedIssuerRecord {
  return {
    did: row.did,
    name: row.name,
    ...(row.url !== null ? { url: row.url } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
    ...(row.valid_from !== null ? { validFrom: row.valid_from } : {}),
    ...(row.valid_until !== null ? { validUntil: row.valid_until } : {}),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    createdBy: row.created_by,
  };
}

const toPartner = (row: PartnerRow): PartnerIssuerRecord => ({
  organisationId: row.organisation_id,
  did: row.did,
  registeredAt: row.registered_at,
  registeredBy: row.registered_by,
});

const issuerParams = (r: TrustedIssuerRecord): IssuerParams => [
  r.did,
  r.name,
  r.url ?? null,
  r.note ?? null,
  r.validFrom ?? null,
  r.validUntil ?? null,
  r.createdAt,
  r.updatedAt,
  r.createdBy,
];

const updateParams = (r: TrustedIssuerRecord): UpdateParams => [
  r.name,
  r.url ?? null,
  r.note ?? null,
  r.validFrom ?? null,
  r.validUntil ?? null,
  r.updatedAt,
  r.did,
];

const isUnique = (error: unknown) =>
  error instanceof Database.SqliteError &&
  (error.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || error.code === 'SQLITE_CONSTRAINT_UNIQUE');

/** The reads verification makes for every credential: each one probe of a unique index. */
export const ISSUER_BY_DID_SQL = 'SELECT * FROM trusted_issuers WHERE did = ?';
export const PARTNER_BY_DID_SQL = 'SELECT * FROM partner_issuers WHERE did = ?';

/** Builds the trust store over an open database whose schema has been applied. */
export function createSqliteTrustStore(db: SqliteDb): TrustStore {
  const s = {
    insert: db.prepare<IssuerParams>('INSERT INTO trusted_issuers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    // created_at and created_by stay: an entry keeps who listed it first.
    update: db.prepare<UpdateParams>(
      'UPDATE trusted_issuers SET name = ?, url = ?, note = ?, valid_from = ?, valid_until = ?, updated_at = ? WHERE did = ?',
    ),
    remove: db.prepare<[string]>('DELETE FROM trusted_issuers WHERE did = ?'),
    get: db.prepare<[string], IssuerRow>(ISSUER_BY_DID_SQL),
    list: db.prepare<[], IssuerRow>('SELECT * FROM trusted_issuers ORDER BY name COLLATE NOCASE, did'),
    setPartner: db.prepare<[string, string, string, string]>(
      `INSERT INTO partner_issuers VALUES (?, ?, ?, ?)
       ON CONFLICT (organisation_id) DO UPDATE SET did = excluded.did, registered_at = excluded.registered_at, registered_by = excluded.registered_by`,
    ),
    partner: db.prepare<[string], PartnerRow>('SELECT * FROM partner_issuers WHERE organisation_id = ?'),
    partnerByDid: db.prepare<[string], PartnerRow>(PARTNER_BY_DID_SQL),
    removePartner: db.prepare<[string]>('DELETE FROM partner_issuers WHERE organisation_id = ?'),
    partners: db.prepare<[], PartnerRow>(
      'SELECT * FROM partner_issuers ORDER BY registered_at DESC, organisation_id',
    ),
  };
  const importAll = db.transaction((records: TrustedIssuerRecord[]) => {
    const outcome = { added: [] as string[], updated: [] as string[] };
    for (const record of records) {
      if (s.update.run(...updateParams(record)).changes === 1) {
        outcome.updated.push(record.did);
      } else {
        s.insert.run(...issuerParams(record));
        outcome.added.push(record.did);
      }
    }
    return outcome;
  });
  return {
    addIssuer: async (record) => {
      try {
        s.insert.run(...issuerParams(record));
      } catch (error) {
        if (isUnique(error)) throw new DuplicateTrustedIssuerError(record.did);
        throw error;
      }
    },
    updateIssuer: async (record) => s.update.run(...updateParams(record)).changes === 1,
    removeIssuer: async (did) => s.remove.run(did).changes === 1,
    getIssuer: async (did) => {
      const row = s.get.get(did);
      return row ? toIssuer(row) : undefined;
    },
    listIssuers: async () => s.list.all().map(toIssuer),
    importIssuers: async (records) => importAll(records),
    setPartnerIssuer: async (record) => {
      try {
        s.setPartner.run(record.organisationId, record.did, record.registeredAt, record.registeredBy);
      } catch (error) {
        if (isUnique(error)) throw new PartnerIssuerTakenError(record.did);
        throw error;
      }
    },
    getPartnerIssuer: async (organisationId) => {
      const row = s.partner.get(organisationId);
      return row ? toPartner(row) : undefined;
    },
    findPartnerIssuer: async (did) => {
      const row = s.partnerByDid.get(did);
      return row ? toPartner(row) : undefined;
    },
    removePartnerIssuer: async (organisationId) => s.removePartner.run(organisationId).changes === 1,
    listPartnerIssuers: async () => s.partners.all().map(toPartner),
  };
}
