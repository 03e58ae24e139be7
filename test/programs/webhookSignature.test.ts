/** Webhook signatures: round trip, the tolerance edges, tampering, rotation and bad headers. */
import { describe, expect, it } from 'vitest';
import { signWebhookBody, verifyWebhookSignature } from '../../src/programs/webhookSignature.js';

const SECRET = 's'.repeat(32);
const BODY = '{"id":"evt-1"}';
const T = 1_790_000_000;
const at = (seconds: number) => new Date(seconds * 1000);

describe('webhook signatures', () => {
  it('verifies its own signature within the tolerance, to the second', () => {
    const header = signWebhookBody(SECRET, BODY, T);
    expect(header).toMatch(/^t=1790000000,v1=[0-9a-f]{64}$/);
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header, now: at(T + 300) })).toEqual({
      ok: true,
      timestamp: T,
    });
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header, now: at(T + 301) })).toEqual({
      ok: false,
      reason: 'too_old',
    });
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header, now: at(T - 300) }).ok).toBe(true);
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header, now: at(T - 301) })).toEqual({
      ok: false,
      reason: 'in_future',
    });
  });

  it('refuses another body, another secret, and accepts any of several secrets or signatures', () => {
    const header = signWebhookBody(SECRET, BODY, T);
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: `${BODY} `, header, now: at(T) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(verifyWebhookSignature({ secret: 'x'.repeat(32), rawBody: BODY, header, now: at(T) })).toEqual({
      ok: false,
      reason: 'mismatch',
    });
    expect(
      verifyWebhookSignature({ secret: ['x'.repeat(32), SECRET], rawBody: BODY, header, now: at(T) }).ok,
    ).toBe(true);
    const other = signWebhookBody('x'.repeat(32), BODY, T).split(',')[1];
    expect(
      verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header: `${header}, ${other}`, now: at(T) }).ok,
    ).toBe(true);
  });

  it.each([
    [undefined, 'missing'],
    ['  ', 'missing'],
    ['v1=abc', 'malformed'],
    [`t=${T}`, 'malformed'],
    [`t=soon,v1=${'a'.repeat(64)}`, 'malformed'],
    [`t=${T},v1=${'g'.repeat(64)}`, 'malformed'],
    [`t=${T},v1=${'a'.repeat(63)}`, 'malformed'],
    [`t=${T},t=${T},v1=${'a'.repeat(64)}`, 'malformed'],
    [`t=${T},v1=${'a'.repeat(64)}`, 'mismatch'],
  ])('header %j is %s', (header, reason) => {
    expect(verifyWebhookSignature({ secret: SECRET, rawBody: BODY, header, now: at(T) })).toEqual({
      ok: false,
      reason,
    });
  });
});
