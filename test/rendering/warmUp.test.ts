/**
 * The start-up warm-up draws the sample certificate with the real renderer (the server
 * calls it after it listens): it must succeed on the sample every server uses, and a
 * renderer that fails reports the failure rather than hanging.
 */
import { describe, expect, it, vi } from 'vitest';
import { createRenderingDeps, warmUpRenderer } from '../../src/rendering/renderingDeps.js';
import { previewCredential } from '../../src/templates/previewCredential.js';

const sample = previewCredential({
  issuerName: 'SayPro',
  issuerId: 'did:example:issuer',
  now: new Date('2026-11-25T00:00:00Z'),
});

describe('warmUpRenderer', () => {
  it('draws the sample certificate with the real renderer', async () => {
    const { renderer } = createRenderingDeps('http://localhost:3000');
    const png = vi.spyOn(renderer, 'png');
    const ms = await warmUpRenderer(renderer, sample);
    expect(ms).toBeGreaterThan(0);
    expect(png).toHaveBeenCalledWith(sample);
    const bytes = (await png.mock.results[0]!.value) as Uint8Array;
    expect(Buffer.from(bytes.subarray(1, 4)).toString('latin1')).toBe('PNG');
  });

  it('rejects when the renderer fails', async () => {
    const { renderer } = createRenderingDeps('http://localhost:3000');
    vi.spyOn(renderer, 'png').mockRejectedValue(new Error('no fonts'));
    await expect(warmUpRenderer(renderer, sample)).rejects.toThrow('no fonts');
  });
});
