/**
 * Contract cases for verification tokens (the QR link `/v/<token>`) and the two look-ups
 * the public verification routes use: every reserved credential gets its own token of at
 * least 128 random bits in base64url, the token never changes over the record's life,
 * and `getByVerificationToken` / `getByCertificateNumber` find exactly that record.
 */
import { describe, expect, it } from 'vitest';
import { reserveInput } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

/** base64url without padding, at least 22 characters (22 x 6 bits >= 128 bits). */
const TOKEN = /^[A-Za-z0-9_-]{22,}$/;

/** Registers the verification-token cases. */
export function describeVerificationTokenContract(getStores: GetStores): void {
  describe('verification tokens', () => {
    it('gives every reserved credential its own token of at least 128 bits', async () => {
      const { credentials } = getStores();
      const records = await Promise.all(
        Array.from({ length: 40 }, () => credentials.reserve(reserveInput()).then((r) => r.record)),
      );
      const tokens = records.map((r) => r.verificationToken);
      for (const token of tokens) {
        expect(token).toMatch(TOKEN);
        expect(Buffer.from(token, 'base64url').length).toBeGreaterThanOrEqual(16);
      }
      expect(new Set(tokens).size).toBe(records.length);
    });

    it('keeps the token through retries, issuance and every change of the record', async () => {
      const { credentials, statusLists } = getStores();
      const input = reserveInput();
      const { record } = await credentials.reserve(input);
      const token = record.verificationToken;
      expect(
        (await credentials.reserve(reserveInput({ idempotencyKey: input.idempotencyKey }))).record
          .verificationToken,
      ).toBe(token);
      const at = '2025-03-02T00:00:00.000Z';
      expect((await credentials.markIssued(record.id, { id: record.id }, at)).verificationToken).toBe(token);
      expect(
        (await statusLists.setStatus(record.id, { revoked: true, reason: 'test' }, at))?.verificationToken,
      ).toBe(token);
      expect((await credentials.setPublic(record.id, true, at))?.verificationToken).toBe(token);
      expect((await credentials.redactPersonalData(record.id, at))?.verificationToken).toBe(token);
      expect((await credentials.get(record.id))?.verificationToken).toBe(token);
    });

    it('finds a credential by its token, and nothing by another token', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput({ isPublic: false }));
      const other = (await credentials.reserve(reserveInput())).record;
      const issued = await credentials.markIssued(
        record.id,
        { id: record.id, proof: {} },
        '2025-03-02T00:00:00.000Z',
      );
      expect(await credentials.getByVerificationToken(record.verificationToken)).toEqual(issued);
      expect((await credentials.getByVerificationToken(other.verificationToken))?.id).toBe(other.id);
      const flipped = record.verificationToken.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
      for (const wrong of [
        flipped,
        record.verificationToken.slice(0, -1),
        `${record.verificationToken}A`,
        '',
        record.id,
      ]) {
        expect(await credentials.getByVerificationToken(wrong), wrong).toBeUndefined();
      }
    });

    it('finds a credential by its certificate number, exactly', async () => {
      const { credentials } = getStores();
      const { record } = await credentials.reserve(reserveInput({ certificatePrefix: 'VT', year: 2031 }));
      expect(record.certificateNumber).toBe('VT-2031-000001');
      expect(await credentials.getByCertificateNumber('VT-2031-000001')).toEqual(record);
      for (const wrong of ['VT-2031-000002', 'vt-2031-000001', 'VT-2031-1', '']) {
        expect(await credentials.getByCertificateNumber(wrong), wrong).toBeUndefined();
      }
    });
  });
}
