/** Logs never carry secrets or unmasked personal data. */
import { describe, expect, it } from 'vitest';
import { errorForLog, redactForLog } from '../../src/logging/redact.js';

describe('redactForLog', () => {
  it('masks emails and phone numbers', () => {
    const out = redactForLog('signup zoe.ngcobo@example.org from +27 82 555 1234');
    expect(out).not.toContain('zoe.ngcobo');
    expect(out).toContain('z***@example.org');
    expect(out).not.toContain('555 1234');
    expect(out).toMatch(/\*\*\*34/);
  });

  it('leaves ids alone: digit runs inside a UUID are not phone numbers', () => {
    for (const id of [
      '2d0e2bf5-8af9-4d12-3456-7890d7e054522e',
      '12345678-1234-1234-1234-123456789012',
      'urn:uuid:00000000-1111-2222-3333-444444444444',
    ]) {
      expect(redactForLog(`[${id}] POST /credentials/issue failed`)).toContain(id);
    }
  });

  it('removes tokens in links, bearer keys, session cookies and passwords', () => {
    const out = redactForLog(
      'GET /reset-password?token=abcDEF123_- Authorization: Bearer sp_secretkey cookie: sid=s3cr3t; csrf=xyz {"password":"hunter2hunter2"}',
    );
    for (const secret of ['abcDEF123', 'sp_secretkey', 's3cr3t', 'xyz', 'hunter2'])
      expect(out).not.toContain(secret);
    expect(out).toContain('token=[redacted]');
  });

  it('redacts an error message and its stack', () => {
    const out = errorForLog(new Error('A user with email ada@example.org already exists'));
    expect(out).toContain('a***@example.org');
    expect(out).not.toContain('ada@');
  });
});
