/**
 * The backpack as its owner sees it: each entry verified again as it is shown, so a
 * credential revoked, expired or tampered with since it came in, or whose issuer has left
 * the trust list, shows its standing now and is never shown as valid on the strength of
 * the standing it had. A verification that cannot run just now (the verifier busy, the
 * issuer's status list unreachable) says so and is not valid either. Shown a page at a
 * time, since each entry costs one verification.
 */
import { AppError } from '../errors.js';
import type { BackpackStanding } from '../storage/backpackPorts.js';
import { dateInWords } from '../verification/verdict.js';
import { type BackpackDeps, type BackpackItem, listBackpack, standingOf } from './backpack.js';

/** One entry with its standing checked just now. */
export interface ShownBackpackItem {
  item: BackpackItem;
  /** The standing now; `kind` is `unchecked` when it could not be verified just now. */
  standing: BackpackStanding;
  /** One sentence on the standing ("Issued by ...", "The issuer has revoked ..."). */
  detail: string;
  /** The achievement's name, else the credential's name, else a placeholder. */
  title: string;
  /** When the credential says it was issued, in words. */
  issued?: string;
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 200) : undefined;

/** A name for the entry from the credential itself (the standing names it too, once verified). */
function titleOf(item: BackpackItem, standing: BackpackStanding): string {
  const subject = item.credential.credentialSubject as Record<string, unknown> | undefined;
  const achievement = subject?.achievement as Record<string, unknown> | undefined;
  return (
    standing.name ??
    text(achievement?.name) ??
    text(item.credential.name) ??
    item.standing.name ??
    'A credential without a name'
  );
}

async function checkNow(
  deps: BackpackDeps,
  item: BackpackItem,
): Promise<{ standing: BackpackStanding; detail: string }> {
  try {
    const result = await deps.verifier.credential(item.jwt ?? item.credential);
    return {
      standing: standingOf(result),
      detail: result.verdict?.detail ?? result.errors[0]?.message ?? '',
    };
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return {
      standing: { label: 'Not checked just now', verified: false, kind: 'unchecked' },
      detail: `It could not be verified just now: ${error.detail}`,
    };
  }
}

/** A page of the user's backpack, newest first, each entry verified as it is shown. */
export async function showBackpack(
  deps: BackpackDeps,
  userId: string,
  page: { limit: number; offset: number },
): Promise<{ entries: ShownBackpackItem[]; total: number }> {
  const { items, total } = await listBackpack(deps, userId, page);
  const entries = await Promise.all(
    items.map(async (item) => {
      const { standing, detail } = await checkNow(deps, item);
      const validFrom = text(item.credential.validFrom) ?? text(item.credential.issuanceDate);
      return {
        item,
        standing,
        detail,
        title: titleOf(item, standing),
        ...(validFrom ? { issued: dateInWords(validFrom) } : {}),
      };
    }),
  );
  return { entries, total };
}
