/**
 * The SQL of the inbox's list (`listConversations`): the filter's WHERE clause, the
 * merged per-team walks, and a search's two plans (see messageSearch.ts).
 */
import type { ConversationFilter } from '../ports.js';
import type { SearchPlan } from '../searchPlan.js';
import { postingsFrom, termsExist } from './messageSearch.js';

/** The WHERE clause and parameters of an inbox filter, except the teams and the search terms. */
function filterSql(filter: ConversationFilter): { where: string[]; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (!filter.includeErased) where.push('erased = 0');
  if (filter.userId) {
    where.push('user_id = ?');
    params.push(filter.userId);
  }
  if (filter.assigneeId) {
    where.push('assignee_id = ?');
    params.push(filter.assigneeId);
  }
  if (filter.status) {
    where.push('status = ?');
    params.push(filter.status);
  }
  if (filter.category) {
    where.push('category = ?');
    params.push(filter.category);
  }
  if (filter.flagged !== undefined) {
    where.push('flagged = ?');
    params.push(filter.flagged ? 1 : 0);
  }
  if (filter.unreadByStaff)
    where.push("last_message_by = 'user' AND (staff_read_at IS NULL OR staff_read_at < last_message_at)");
  if (filter.waitingBefore) {
    where.push('waiting_since IS NOT NULL AND waiting_since < ?');
    params.push(filter.waitingBefore);
  }
  if (filter.ids) {
    where.push(filter.ids.length ? `id IN (${filter.ids.map(() => '?').join(', ')})` : '0');
    params.push(...filter.ids);
  }
  if (filter.before) {
    where.push('last_message_at < ?');
    params.push(filter.before);
  }
  return { where, params };
}

const NEWEST = 'ORDER BY last_message_at DESC, number DESC';

/** The ordered walks of the inbox: one per team (and one for the unrouted), or one over all. */
function teamParts(filter: ConversationFilter): { sql: string; params: unknown[] }[] | undefined {
  if (!filter.teams) return undefined;
  return [
    ...filter.teams.teamIds.map((id) => ({ sql: 'team_id = ?', params: [id] })),
    ...(filter.teams.unrouted ? [{ sql: 'team_id IS NULL', params: [] }] : []),
  ];
}

const NOTHING = { sql: 'SELECT doc FROM conversations WHERE 0', params: [] };

/**
 * A search driven from the rarest term's conversations (messageSearch.ts): every match is
 * looked up, filtered (the teams as one OR: there are few matches to check) and the newest
 * page kept.
 */
function postingsSql(filter: ConversationFilter, search: SearchPlan): { sql: string; params: unknown[] } {
  const { where, params } = filterSql(filter);
  const parts = teamParts(filter);
  if (parts?.length === 0) return NOTHING;
  const from = postingsFrom(search.terms, search.merge);
  const teams = parts ? [`(${parts.map((p) => p.sql).join(' OR ')})`] : [];
  const all = [...from.where, ...teams, ...where];
  return {
    sql: `SELECT c.doc FROM ${from.from} ${all.length ? `WHERE ${all.join(' AND ')}` : ''} ORDER BY c.last_message_at DESC, c.number DESC LIMIT ?`,
    params: [...from.params, ...(parts ?? []).flatMap((p) => p.params), ...params, filter.limit],
  };
}

/**
 * The inbox query. Several teams are one ordered, limited walk of the team index each,
 * merged: an `IN (...) OR IS NULL` over the index would read and sort every conversation of
 * those teams (measured: 117 ms at a million messages, against a few ms merged). A search
 * either walks the same way, probing each conversation's terms, or starts from the terms
 * (`search.plan`, chosen in messageSearch.ts).
 */
export function listSql(filter: ConversationFilter, search?: SearchPlan): { sql: string; params: unknown[] } {
  if (search?.terms.length === 0) return NOTHING;
  if (search?.plan === 'postings') return postingsSql(filter, search);
  const { where, params } = filterSql(filter);
  if (search) {
    where.push(termsExist(search.terms));
    params.push(...search.terms);
  }
  const clause = (extra: string[]) => {
    const all = [...extra, ...where];
    return all.length ? `WHERE ${all.join(' AND ')}` : '';
  };
  const parts = teamParts(filter);
  if (!parts)
    return {
      sql: `SELECT doc FROM conversations ${clause([])} ${NEWEST} LIMIT ?`,
      params: [...params, filter.limit],
    };
  if (parts.length === 0) return NOTHING;
  const selects = parts.map(
    (p) =>
      `SELECT * FROM (SELECT last_message_at, number, doc FROM conversations ${clause([p.sql])} ${NEWEST} LIMIT ?)`,
  );
  return {
    sql: `SELECT doc FROM (${selects.join(' UNION ALL ')}) ${NEWEST} LIMIT ?`,
    params: [...parts.flatMap((p) => [...p.params, ...params, filter.limit]), filter.limit],
  };
}
