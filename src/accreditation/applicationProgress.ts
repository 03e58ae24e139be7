/**
 * Where an application stands, computed (never stored): its completion percentage (the
 * share of checklist items approved) and its outstanding actions, each saying who must act
 * (the partner: upload, answer; staff: review) and by when, overdue ones first.
 */
import type { ApplicationItem, ApplicationRecord, ChecklistItem } from '../storage/ports.js';

/** One thing still to do. */
export interface OutstandingAction {
  itemId: string;
  stageId: string;
  stageName: string;
  name: string;
  kind: ChecklistItem['kind'];
  state: ApplicationItem['state'];
  /** Who must act next. */
  owner: 'partner' | 'staff';
  dueAt: string;
  overdue: boolean;
  /** The latest guidance from staff, when the item needs changes. */
  guidance?: string;
}

/** The checklist item of an application item (from the application's snapshot of its type). */
export function checklistItem(
  application: ApplicationRecord,
  itemId: string,
): { item: ChecklistItem; stageIndex: number } | undefined {
  for (const [stageIndex, stage] of application.type.stages.entries()) {
    const item = stage.items.find((i) => i.id === itemId);
    if (item) return { item, stageIndex };
  }
  return undefined;
}

/** Share of items approved, 0-100, rounded down (100 only when all are approved). */
export function completionPct(application: ApplicationRecord): number {
  if (application.items.length === 0) return 100;
  return Math.floor(
    (application.items.filter((i) => i.state === 'approved').length / application.items.length) * 100,
  );
}

/** The actions still open, overdue first, then by due date. */
export function outstandingActions(application: ApplicationRecord, now: Date): OutstandingAction[] {
  if (application.status !== 'in_progress') return [];
  const actions: OutstandingAction[] = [];
  for (const entry of application.items) {
    if (entry.state === 'approved') continue;
    const found = checklistItem(application, entry.itemId);
    if (!found) continue;
    const stage = application.type.stages[found.stageIndex]!;
    const owner =
      entry.state === 'submitted' || entry.state === 'under_review' || entry.state === 'additional_review'
        ? 'staff'
        : 'partner';
    const guidance = entry.reviews.at(-1)?.guidance;
    actions.push({
      itemId: entry.itemId,
      stageId: stage.id,
      stageName: stage.name,
      name: found.item.name,
      kind: found.item.kind,
      state: entry.state,
      owner,
      dueAt: entry.dueAt,
      overdue: Date.parse(entry.dueAt) < now.getTime(),
      ...(entry.state === 'needs_changes' && guidance ? { guidance } : {}),
    });
  }
  return actions.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueAt.localeCompare(b.dueAt));
}
