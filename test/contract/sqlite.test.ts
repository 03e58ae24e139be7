/**
 * Runs the store contract against the SQLite adapter, on a temporary file and in
 * memory, plus the file-only guarantees: data and counters survive a reopen, and
 * createStores puts the database under the data directory.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStores } from '../../src/storage/createStores.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import { describeStoreContract } from './storeContract.js';
import { describeScheduledReportContract } from './scheduledReportContract.js';
import { describeSurveyContract } from './surveyContract.js';
import { describeMarketingContract } from './marketingContract.js';
import { describeOAuthContract } from './oauthContract.js';
import { reserveInput } from './storeFixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'saypro-sqlite-contract-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeStoreContract('sqlite (file)', async () =>
  createSqliteStores(join(dir, `contract-${++files}.sqlite`)),
);
describeStoreContract('sqlite (:memory:)', async () => createSqliteStores(':memory:'));
describeScheduledReportContract('sqlite', async () => createSqliteStores(':memory:'));
describeSurveyContract('sqlite (file)', async () =>
  createSqliteStores(join(dir, `surveys-${++files}.sqlite`)),
);
describeMarketingContract('sqlite', async () => createSqliteStores(':memory:'));
describeOAuthContract('sqlite (file)', async () => createSqliteStores(join(dir, `oauth-${++files}.sqlite`)));

describe('sqlite file', () => {
  it('keeps records, counters and list allocation across a reopen', async () => {
    const file = join(dir, 'reopen.sqlite');
    const before = createSqliteStores(file);
    await before.init();
    const first = (await before.credentials.reserve(reserveInput())).record;
    await before.close();

    const after = createSqliteStores(file);
    await after.init();
    expect(await after.credentials.get(first.id)).toEqual(first);
    const second = (await after.credentials.reserve(reserveInput())).record;
    expect(second.certificateNumber).toBe('SP-2025-000002');
    expect(second.statusEntries.map((e) => e.listId)).toEqual(first.statusEntries.map((e) => e.listId));
    expect((await after.statusLists.getStatusList(first.statusEntries[0]!.listId))?.allocated).toBe(2);
    await after.close();
  });

  it('createStores without a MongoDB URI creates the data directory and saypro.sqlite in it', async () => {
    const dataDir = join(dir, 'nested', 'data');
    const stores = await createStores({ mongodbUri: undefined, mongodbDb: 'unused', dataDir });
    const { record } = await stores.credentials.reserve(reserveInput());
    expect(existsSync(join(dataDir, 'saypro.sqlite'))).toBe(true);
    expect(await stores.credentials.get(record.id)).toEqual(record);
    await stores.close();
  });
});
