/** The cached signer signs exactly as the library's signer does, without re-importing the key. */
import { describe, expect, it } from 'vitest';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { createCachedSigner } from '../../src/credentials/signCredential.js';

describe('createCachedSigner', () => {
  it('produces the same Ed25519 signature as the library signer, and it verifies', async () => {
    const keyPair = await Ed25519Multikey.generate({ controller: 'did:example:issuer' });
    keyPair.id = 'did:example:issuer#key-1';
    const data = new TextEncoder().encode('canonical credential bytes');
    const ours = createCachedSigner(keyPair);
    const theirs = keyPair.signer();
    const signature = await ours.sign({ data });
    expect(Buffer.from(signature).toString('hex')).toBe(
      Buffer.from(await theirs.sign({ data })).toString('hex'),
    );
    expect(await keyPair.verifier().verify({ data, signature })).toBe(true);
    expect(ours).toMatchObject({ id: 'did:example:issuer#key-1', algorithm: 'Ed25519' });
  });

  it('refuses a key pair without a secret key', async () => {
    const keyPair = await Ed25519Multikey.generate();
    const publicOnly = await Ed25519Multikey.from(
      await keyPair.export({ publicKey: true, includeContext: true }),
    );
    expect(() => createCachedSigner(publicOnly)).toThrow(/no secret key/);
  });
});
