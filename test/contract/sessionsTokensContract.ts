/**
 * Contract cases for sessions (create, touch, delete, sign out everywhere) and
 * single-use tokens (peek, consume exactly once even under concurrency, refuse expired
 * and wrong-purpose tokens, replace a user's unused tokens).
 */
import { describe, expect, it } from 'vitest';
import { at, sessionRecord, tokenRecord } from './accountFixtures.js';
import type { GetStores } from './storeContract.js';

/** Registers the session and token cases. */
export function describeSessionsTokensContract(getStores: GetStores): void {
  describe('sessions', () => {
    it('creates, reads, touches and deletes a session', async () => {
      const { sessions } = getStores();
      const plain = sessionRecord('user_1');
      const withAgent = sessionRecord('user_1', { userAgent: 'Firefox on Linux', createdAt: at(1) });
      await sessions.create(plain);
      await sessions.create(withAgent);
      expect(await sessions.get(plain.idHash)).toEqual(plain);
      expect(Object.keys((await sessions.get(plain.idHash))!)).not.toContain('userAgent');
      expect(await sessions.get(withAgent.idHash)).toEqual(withAgent);
      expect(await sessions.get('0'.repeat(64))).toBeUndefined();
      await expect(sessions.create(sessionRecord('user_2', { idHash: plain.idHash }))).rejects.toThrow();

      await sessions.touch(plain.idHash, at(10), at(70));
      expect(await sessions.get(plain.idHash)).toEqual({ ...plain, lastSeenAt: at(10), expiresAt: at(70) });
      expect(await sessions.get(withAgent.idHash)).toEqual(withAgent);

      await sessions.delete(plain.idHash);
      expect(await sessions.get(plain.idHash)).toBeUndefined();
      expect(await sessions.get(withAgent.idHash)).toEqual(withAgent);
      await sessions.delete(plain.idHash);
    });

    it("lists a user's sessions newest first and deletes them all, counting", async () => {
      const { sessions } = getStores();
      const older = sessionRecord('user_1', { createdAt: at(1) });
      const newer = sessionRecord('user_1', { createdAt: at(2) });
      const oldest = sessionRecord('user_1', { createdAt: at(0) });
      const other = sessionRecord('user_2');
      for (const s of [older, newer, oldest, other]) await sessions.create(s);
      expect(await sessions.listForUser('user_1')).toEqual([newer, older, oldest]);
      expect(await sessions.listForUser('user_3')).toEqual([]);

      expect(await sessions.deleteForUser('user_1')).toBe(3);
      expect(await sessions.listForUser('user_1')).toEqual([]);
      expect(await sessions.get(newer.idHash)).toBeUndefined();
      expect(await sessions.get(other.idHash)).toEqual(other);
      expect(await sessions.deleteForUser('user_1')).toBe(0);
    });
  });

  describe('tokens', () => {
    it('peeks without using, consumes once, and returns the used token to a later peek', async () => {
      const { tokens } = getStores();
      const invite = tokenRecord({
        purpose: 'invitation',
        email: 'new@example.org',
        role: 'partner',
        organisationId: 'org_1',
        createdBy: 'user_admin',
      });
      await tokens.create(invite);
      expect(await tokens.peek(invite.hash, 'invitation')).toEqual(invite);
      expect(await tokens.peek(invite.hash, 'reset_password')).toBeUndefined();
      expect(await tokens.peek('0'.repeat(64), 'invitation')).toBeUndefined();
      await expect(tokens.create(tokenRecord({ hash: invite.hash }))).rejects.toThrow();

      expect(await tokens.consume(invite.hash, 'reset_password', at(1))).toBeUndefined();
      expect(await tokens.consume(invite.hash, 'invitation', at(1))).toEqual({ ...invite, usedAt: at(1) });
      expect(await tokens.consume(invite.hash, 'invitation', at(2))).toBeUndefined();
      // peek shows a used token as it is: the domain decides what to tell the person.
      expect(await tokens.peek(invite.hash, 'invitation')).toEqual({ ...invite, usedAt: at(1) });
    });

    it('refuses an expired token, including at the instant it expires', async () => {
      const { tokens } = getStores();
      const token = tokenRecord({ userId: 'user_1', expiresAt: at(60) });
      await tokens.create(token);
      expect(await tokens.consume(token.hash, 'reset_password', at(61))).toBeUndefined();
      expect(await tokens.consume(token.hash, 'reset_password', at(60))).toBeUndefined();
      expect(await tokens.peek(token.hash, 'reset_password')).toEqual(token);
      expect(await tokens.consume(token.hash, 'reset_password', at(59))).toEqual({
        ...token,
        usedAt: at(59),
      });
      expect(await tokens.consume('0'.repeat(64), 'reset_password', at(1))).toBeUndefined();
    });

    it('lets exactly one of five concurrent consumes succeed', async () => {
      const { tokens } = getStores();
      const token = tokenRecord({ purpose: 'verify_email', userId: 'user_1' });
      await tokens.create(token);
      const results = await Promise.all(
        Array.from({ length: 5 }, (_, i) => tokens.consume(token.hash, 'verify_email', at(i + 1))),
      );
      const winners = results.filter((r) => r !== undefined);
      expect(winners).toHaveLength(1);
      expect(winners[0]).toEqual({ ...token, usedAt: winners[0]!.usedAt });
      expect(await tokens.peek(token.hash, 'verify_email')).toEqual(winners[0]);
    });

    it("deleteForUser removes the user's unused tokens, of one purpose or all, keeping used ones", async () => {
      const { tokens } = getStores();
      const reset1 = tokenRecord({ userId: 'user_1' });
      const reset2 = tokenRecord({ userId: 'user_1' });
      const used = tokenRecord({ userId: 'user_1' });
      const verify = tokenRecord({ userId: 'user_1', purpose: 'verify_email' });
      const otherUser = tokenRecord({ userId: 'user_2' });
      for (const t of [reset1, reset2, used, verify, otherUser]) await tokens.create(t);
      await tokens.consume(used.hash, 'reset_password', at(1));

      await tokens.deleteForUser('user_1', 'reset_password');
      expect(await tokens.peek(reset1.hash, 'reset_password')).toBeUndefined();
      expect(await tokens.peek(reset2.hash, 'reset_password')).toBeUndefined();
      expect(await tokens.peek(used.hash, 'reset_password')).toEqual({ ...used, usedAt: at(1) });
      expect(await tokens.peek(verify.hash, 'verify_email')).toEqual(verify);
      expect(await tokens.peek(otherUser.hash, 'reset_password')).toEqual(otherUser);

      await tokens.deleteForUser('user_1');
      expect(await tokens.peek(verify.hash, 'verify_email')).toBeUndefined();
      expect(await tokens.peek(otherUser.hash, 'reset_password')).toEqual(otherUser);
    });
  });
}
