/**
 * HMAC-SHA256 signatures for the LMS webhook, in the widely used `t=<unix seconds>,v1=<hex>`
 * form: the MAC covers `${t}.${rawBody}`, so neither the body nor the time can be changed,
 * and the time bounds how long a captured delivery could be replayed. Several `v1`
 * entries may be sent and several secrets accepted, so a secret can be rotated without
 * a gap. Comparison is constant-time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookReplayStore } from '../storage/ports.js';

/** Why a signature was refused. */
type SignatureProblem = 'missing' | 'malformed' | 'too_old' | 'in_future' | 'mismatch';

/** The outcome of a check. */
export type SignatureCheck = { ok: true; timestamp: number } | { ok: false; reason: SignatureProblem };

function mac(secret: string, timestamp: number, rawBody: string): Buffer {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest();
}

/** The header value for a body signed at `atSeconds` (for senders, tests and the README). */
export function signWebhookBody(secret: string, rawBody: string, atSeconds: number): string {
  return `t=${atSeconds},v1=${mac(secret, atSeconds, rawBody).toString('hex')}`;
}

/** Reads `t=...,v1=...[,v1=...]`; undefined when the shape is wrong. */
function parseHeader(header: string): { timestamp: number; macs: Buffer[] } | undefined {
  let timestamp: number | undefined;
  const macs: Buffer[] = [];
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split('=');
    if (rest.length > 0 || value === undefined) return undefined;
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value) || timestamp !== undefined) return undefined;
      timestamp = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return undefined;
      macs.push(Buffer.from(value, 'hex'));
    }
    // Other keys (future schemes) are ignored, as senders may send several.
  }
  return timestamp === undefined || macs.length === 0 ? undefined : { timestamp, macs };
}

/** Checks a delivery's signature against one or more secrets. */
export function verifyWebhookSignature(input: {
  secret: string | string[];
  rawBody: string;
  header: string | undefined;
  now: Date;
  toleranceSeconds?: number;
}): SignatureCheck {
  const tolerance = input.toleranceSeconds ?? 300;
  if (!input.header?.trim()) return { ok: false, reason: 'missing' };
  const parsed = parseHeader(input.header);
  if (!parsed) return { ok: false, reason: 'malformed' };
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (parsed.timestamp < nowSeconds - tolerance) return { ok: false, reason: 'too_old' };
  if (parsed.timestamp > nowSeconds + tolerance) return { ok: false, reason: 'in_future' };
  const secrets = Array.isArray(input.secret) ? input.secret : [input.secret];
  const expected = secrets.map((secret) => mac(secret, parsed.timestamp, input.rawBody));
  const matches = expected.some((want) => parsed.macs.some((got) => timingSafeEqual(want, got)));
  return matches ? { ok: true, timestamp: parsed.timestamp } : { ok: false, reason: 'mismatch' };
}

/**
 * Remembers a delivery's signature until it would be too old anyway; false when it was
 * seen already (a replay), which the store decides atomically. Callers have verified the
 * signature first, so only authentic deliveries take space.
 */
export async function firstDelivery(
  deps: { stores: { webhookSignatures: WebhookReplayStore }; now: () => Date },
  signature: string,
  expiresAt: string,
): Promise<boolean> {
  return deps.stores.webhookSignatures.rememberWebhookSignature(
    signature,
    expiresAt,
    deps.now().toISOString(),
  );
}
