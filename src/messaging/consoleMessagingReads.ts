/**
 * What the staff messaging pages show besides the conversations themselves: the teams an
 * inbox can be filtered by, the people and teams a conversation can be handed to with the
 * person's messaging block, the settings with every team, and the broadcast form's lists.
 * Staff and admins only, checked here as well as by the console's middleware.
 */
import { AppError } from '../errors.js';
import type { Actor } from '../accounts/accountDeps.js';
import { activeStaffMembers } from '../accounts/staffMembers.js';
import type {
  BatchRecord,
  BroadcastRecord,
  CourseRecord,
  MessagingBlock,
  MessagingSettings,
  OrganisationRecord,
  TeamRecord,
  UserRecord,
} from '../storage/ports.js';
import type { MessagingDeps } from './messagingDeps.js';
import { actorRecord } from './conversationAccess.js';
import { messagingSettings } from './messagingSettings.js';

/** The latest broadcasts listed above the form; older ones stay reachable by their link. */
export const BROADCAST_LIST_PAGE = 50;

function requireStaff(actor: Actor): void {
  if (actor.role !== 'staff' && actor.role !== 'admin')
    throw new AppError('forbidden', 'Only staff use the messaging console');
}

/** The teams whose conversations the actor sees: every team for an admin, their own for staff. */
export async function inboxTeams(deps: Pick<MessagingDeps, 'stores'>, actor: Actor): Promise<TeamRecord[]> {
  requireStaff(actor);
  const [me, teams] = await Promise.all([actorRecord(deps, actor), deps.stores.directory.listTeams()]);
  return me.role === 'admin' ? teams : teams.filter((t) => me.teamIds.includes(t.id));
}

/** Whom a conversation can be assigned or moved to, and the person's messaging block (if any). */
export async function conversationTools(
  deps: Pick<MessagingDeps, 'stores'>,
  actor: Actor,
  personId: string | undefined,
): Promise<{ staff: UserRecord[]; teams: TeamRecord[]; block: MessagingBlock | undefined }> {
  requireStaff(actor);
  const [staff, teams, block] = await Promise.all([
    activeStaffMembers(deps, actor),
    deps.stores.directory.listTeams(),
    personId ? deps.stores.moderation.getBlock(personId) : Promise.resolve(undefined),
  ]);
  return { staff, teams, block };
}

/** The messaging settings and every team (routing rules name teams). */
export async function settingsWithTeams(
  deps: Pick<MessagingDeps, 'stores'>,
  actor: Actor,
): Promise<{ settings: MessagingSettings; teams: TeamRecord[] }> {
  requireStaff(actor);
  const [settings, teams] = await Promise.all([messagingSettings(deps), deps.stores.directory.listTeams()]);
  return { settings, teams };
}

/** The broadcast page: the latest broadcasts with their subjects, and the segment choices. */
export async function broadcastOverview(
  deps: Pick<MessagingDeps, 'stores' | 'crypto'>,
  actor: Actor,
): Promise<{
  broadcasts: { broadcast: BroadcastRecord; subject: string }[];
  organisations: OrganisationRecord[];
  courses: CourseRecord[];
  batches: BatchRecord[];
}> {
  requireStaff(actor);
  const [broadcasts, organisations, courses, batches] = await Promise.all([
    deps.stores.broadcasts.listBroadcasts(BROADCAST_LIST_PAGE),
    deps.stores.directory.listOrganisations(),
    deps.stores.courses.listCourses(),
    deps.stores.courses.listBatches(),
  ]);
  const listed = broadcasts.map((broadcast) => ({
    broadcast,
    subject: deps.crypto.open(broadcast.subject, `broadcast:${broadcast.id}:subject`),
  }));
  return { broadcasts: listed, organisations, courses, batches };
}
