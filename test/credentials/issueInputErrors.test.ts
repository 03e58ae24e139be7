/**
 * Input the signer cannot accept is the caller's mistake, not a server fault: unknown
 * contexts and undefined terms give invalid_credential, and nothing stays half-written.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../fixtures/testDeps.js';
import { plainCredentialRequest } from '../fixtures/credentials.js';
import { issueCredential } from '../../src/credentials/issueCredential.js';
import { AppError } from '../../src/errors.js';

let t: TestApp;
afterEach(async () => t?.close());

async function issueError(credential: Record<string, unknown>, idempotencyKey: string): Promise<AppError> {
  try {
    await issueCredential(t.deps.issue, credential, { idempotencyKey });
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('issued although the input is invalid');
}

describe('issuing refuses what cannot be signed', () => {
  it('refuses an unknown @context before reserving anything', async () => {
    t = await createTestApp();
    const error = await issueError(
      plainCredentialRequest({
        '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/my-context'],
      }),
      'key-unknown-context',
    );
    expect(error.code).toBe('invalid_credential');
    expect(error.detail).toMatch(/Unknown @context https:\/\/example\.org\/my-context/);
    expect(await t.deps.stores.credentials.getByIdempotencyKey('key-unknown-context')).toBeUndefined();
  });

  it('names an undefined term and drops the reservation', async () => {
    t = await createTestApp();
    const credential = plainCredentialRequest({ '@context': ['https://www.w3.org/ns/credentials/v2'] });
    (credential.credentialSubject as Record<string, unknown>).favouriteColour = 'teal';
    const error = await issueError(credential, 'key-undefined-term');
    expect(error.code).toBe('invalid_credential');
    expect(error.detail).toMatch(/"favouriteColour"/);
    expect(await t.deps.stores.credentials.getByIdempotencyKey('key-undefined-term')).toBeUndefined();

    // The same key then works once the input is fixed.
    delete (credential.credentialSubject as Record<string, unknown>).favouriteColour;
    const { record, created } = await issueCredential(t.deps.issue, credential, {
      idempotencyKey: 'key-undefined-term',
    });
    expect(created).toBe(true);
    expect(record.state).toBe('issued');
  });
});
