/**
 * The staff side of name corrections, as the console shows it: the open requests with the
 * name of the person who asked, and one request with that person's name and email. The
 * decisions and the rules live in nameCorrections.ts; this adds who asked.
 */
import type { Actor } from '../accounts/accountDeps.js';
import type { NameCorrectionRecord } from '../storage/correctionPorts.js';
import type { ProgramDeps } from './programDeps.js';
import { nameCorrection, openNameCorrections } from './nameCorrections.js';

/** Open requests the queue lists, oldest first; more wait for these to be decided. */
export const CORRECTION_QUEUE_PAGE = 200;
/** Shown for a request whose participant has since erased their account. */
const ERASED_PERSON = '(account erased)';

/** The open requests, each with the participant's name (staff and admins only). */
export async function correctionQueue(
  deps: ProgramDeps,
  actor: Actor,
): Promise<(NameCorrectionRecord & { personName: string })[]> {
  const open = await openNameCorrections(deps, actor, CORRECTION_QUEUE_PAGE);
  const people = await Promise.all(open.map((request) => deps.stores.users.get(request.userId)));
  return open.map((request, i) => ({ ...request, personName: people[i]?.name ?? ERASED_PERSON }));
}

/** One request with the participant's name and email (staff and admins only). */
export async function correctionWithPerson(
  deps: ProgramDeps,
  actor: Actor,
  id: string,
): Promise<{ request: NameCorrectionRecord; personName: string; personEmail: string }> {
  const request = await nameCorrection(deps, actor, id);
  const person = await deps.stores.users.get(request.userId);
  return { request, personName: person?.name ?? ERASED_PERSON, personEmail: person?.email ?? '' };
}
