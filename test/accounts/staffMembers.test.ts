/**
 * The pickers' lists of people (src/accounts/staffMembers.ts): only staff and admins may
 * read them, they hold active staff (or reviewers) only, many participants do not push
 * staff off the list (one unfiltered read of 500 accounts did), and the page size bounds
 * each role's read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import { activeStaffMembers, PICKER_PAGE_SIZE, reviewerCandidates } from '../../src/accounts/staffMembers.js';
import type { Role, UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let admin: UserRecord;
let staff: UserRecord;
let reviewer: UserRecord;

/** Stores `count` accounts of `role` like `model` (no password hashing: this is about lists). */
async function manyAccounts(model: UserRecord, role: Role, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const id = randomUUID();
    await t.deps.stores.users.create({
      ...model,
      id,
      role,
      email: `${role}-${id}@example.org`,
      name: `Bulk ${role} ${String(i).padStart(4, '0')}`,
    });
  }
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await createUser(t, 'admin', { name: 'Ada Admin' });
  staff = await createUser(t, 'staff', { name: 'Sipho Staff' });
  reviewer = await createUser(t, 'reviewer', { name: 'Rea Reviewer' });
  await createUser(t, 'staff', { name: 'Dora Disabled', status: 'disabled' });
  // More participants than a picker page: staff must still be listed.
  await manyAccounts(await createUser(t, 'participant'), 'participant', PICKER_PAGE_SIZE + 1);
});

afterAll(async () => {
  await t.close();
});

describe('activeStaffMembers', () => {
  it('lists active staff and admins, by name, whatever the number of participants', async () => {
    const listed = await activeStaffMembers(t.deps.accounts, actorOf(staff));
    expect(listed.map((u) => u.name)).toEqual(['Ada Admin', 'Sipho Staff']);
  });

  it('refuses everyone but staff and admins', async () => {
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      await expect(activeStaffMembers(t.deps.accounts, { id: 'x', label: 'x', role })).rejects.toMatchObject({
        status: 403,
      });
    }
  });
});

describe('reviewerCandidates', () => {
  it('lists active reviewers, staff and admins', async () => {
    const listed = await reviewerCandidates(t.deps.accounts, actorOf(admin));
    expect(listed.map((u) => u.id).sort()).toEqual([admin.id, staff.id, reviewer.id].sort());
  });

  it('refuses a reviewer (they do not choose reviewers)', async () => {
    await expect(reviewerCandidates(t.deps.accounts, actorOf(reviewer))).rejects.toMatchObject({
      status: 403,
    });
  });

  it('reads at most the page size per role', async () => {
    await manyAccounts(reviewer, 'reviewer', PICKER_PAGE_SIZE);
    const listed = await reviewerCandidates(t.deps.accounts, actorOf(admin));
    expect(listed.filter((u) => u.role === 'reviewer')).toHaveLength(PICKER_PAGE_SIZE);
    expect(
      listed
        .filter((u) => u.role !== 'reviewer')
        .map((u) => u.id)
        .sort(),
    ).toEqual([admin.id, staff.id].sort());
  });
});
