/**
 * The staff messaging pages' reads (src/messaging/consoleMessagingReads.ts): staff and
 * admins only (also when the console's middleware is not in front), the inbox's teams (an
 * admin every team, staff their own), the people a conversation can be handed to, and the
 * broadcast list bounded by its page size.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { createUser } from '../fixtures/sessions.js';
import { actorOf } from '../../src/http/pages/pageKit.js';
import {
  BROADCAST_LIST_PAGE,
  broadcastOverview,
  conversationTools,
  inboxTeams,
  settingsWithTeams,
} from '../../src/messaging/consoleMessagingReads.js';
import { BROADCAST_ROLES, type TeamRecord, type UserRecord } from '../../src/storage/ports.js';

let t: TestApp;
let admin: UserRecord;
let staff: UserRecord;
let participant: UserRecord;
const teams: TeamRecord[] = [];

beforeAll(async () => {
  t = await createTestApp();
  for (const name of ['Certificates', 'Partners']) {
    const team = { id: randomUUID(), name, createdAt: new Date().toISOString() };
    await t.deps.stores.directory.createTeam(team);
    teams.push(team);
  }
  admin = await createUser(t, 'admin', { name: 'Ada Admin' });
  staff = await createUser(t, 'staff', { name: 'Sipho Staff', teamIds: [teams[0]!.id] });
  participant = await createUser(t, 'participant');
});

afterAll(async () => {
  await t.close();
});

describe('staff messaging reads', () => {
  it('refuse everyone but staff and admins', async () => {
    for (const role of ['participant', 'partner', 'reviewer'] as const) {
      const actor = { id: participant.id, label: 'x', role };
      await expect(inboxTeams(t.deps.messaging, actor)).rejects.toMatchObject({ status: 403 });
      await expect(conversationTools(t.deps.messaging, actor, participant.id)).rejects.toMatchObject({
        status: 403,
      });
      await expect(settingsWithTeams(t.deps.messaging, actor)).rejects.toMatchObject({ status: 403 });
      await expect(broadcastOverview(t.deps.messaging, actor)).rejects.toMatchObject({ status: 403 });
    }
  });

  it("give an admin every team and staff their own teams' only", async () => {
    expect((await inboxTeams(t.deps.messaging, actorOf(admin))).map((x) => x.name).sort()).toEqual([
      'Certificates',
      'Partners',
    ]);
    expect((await inboxTeams(t.deps.messaging, actorOf(staff))).map((x) => x.name)).toEqual(['Certificates']);
  });

  it('list active staff and every team for handing a conversation on', async () => {
    const tools = await conversationTools(t.deps.messaging, actorOf(staff), participant.id);
    expect(tools.staff.map((u) => u.name)).toEqual(['Ada Admin', 'Sipho Staff']);
    expect(tools.teams).toHaveLength(2);
    expect(tools.block).toBeUndefined();
  });

  it('list at most BROADCAST_LIST_PAGE broadcasts, with their subjects opened', async () => {
    for (let i = 0; i <= BROADCAST_LIST_PAGE; i++) {
      const id = randomUUID();
      await t.deps.stores.broadcasts.addBroadcast({
        id,
        subject: t.deps.messaging.crypto.seal(`Notice ${i}`, `broadcast:${id}:subject`),
        segment: { role: BROADCAST_ROLES[0] },
        createdBy: admin.id,
        createdAt: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
        recipients: [],
      });
    }
    const overview = await broadcastOverview(t.deps.messaging, actorOf(staff));
    expect(overview.broadcasts).toHaveLength(BROADCAST_LIST_PAGE);
    expect(overview.broadcasts.every((b) => /^Notice \d+$/.test(b.subject))).toBe(true);
  });
});
