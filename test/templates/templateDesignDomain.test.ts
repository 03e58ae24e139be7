/**
 * The template domain over the SQLite store: only staff and admins act; an edit updates
 * a draft but turns into a new version when the latest is locked, including when the lock
 * lands between reading the draft and writing it; attaching locks and is audited.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/accounts/accountDeps.js';
import { AppError } from '../../src/errors.js';
import { DEFAULT_DESIGN } from '../../src/rendering/templateDesign.js';
import type { Stores, TemplateStore } from '../../src/storage/ports.js';
import { createSqliteStores } from '../../src/storage/sqlite/sqliteStores.js';
import {
  attachTemplate,
  createTemplate,
  editTemplate,
  listTemplates,
  lockTemplateVersion,
  type TemplateDeps,
} from '../../src/templates/templates.js';
import { previewDesign } from '../../src/templates/preview.js';

let stores: Stores;
let deps: TemplateDeps;
const staff: Actor = { id: 'user_staff', label: 'Staff <s@example.org>', role: 'staff' };
const design = (title: string) => ({ ...structuredClone(DEFAULT_DESIGN), title });

beforeEach(async () => {
  stores = createSqliteStores(':memory:');
  await stores.init();
  deps = { stores, now: () => new Date('2025-06-01T09:00:00.000Z') };
});
afterEach(async () => {
  await stores.close();
});

async function refusedWith(action: Promise<unknown>, status: number): Promise<string> {
  const error = await action.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).status).toBe(status);
  return (error as AppError).detail;
}

describe('template domain', () => {
  it.each(['participant', 'partner', 'reviewer', 'api_key'] as const)(
    'refuses a %s everything',
    async (role) => {
      const { template } = await createTemplate(deps, staff, { name: 'Owned', design: design('T') });
      const actor: Actor = { id: `x_${role}`, label: role, role };
      const ref = { templateId: template.id, version: 1 };
      await refusedWith(createTemplate(deps, actor, { name: 'X', design: design('T') }), 403);
      await refusedWith(listTemplates(deps, actor), 403);
      await refusedWith(
        editTemplate(deps, actor, template.id, () => design('X')),
        403,
      );
      await refusedWith(lockTemplateVersion(deps, actor, ref), 403);
      await refusedWith(attachTemplate(deps, actor, ref, { type: 'batch', id: 'b1' }), 403);
      await refusedWith(previewDesign(deps, actor, {}, ref), 403);
      expect((await stores.templates.getVersion(template.id, 1))?.lockedAt).toBeUndefined();
    },
  );

  it('requires a name of at most 120 characters', async () => {
    expect(await refusedWith(createTemplate(deps, staff, { name: '  ', design: design('T') }), 400)).toMatch(
      /Name \(name\): enter the template name/,
    );
    expect(
      await refusedWith(createTemplate(deps, staff, { name: 'n'.repeat(121), design: design('T') }), 400),
    ).toMatch(/at most 120/);
  });

  it('creates a new version when a lock lands between reading the draft and saving it', async () => {
    const { template } = await createTemplate(deps, staff, { name: 'Raced', design: design('One') });
    const real = stores.templates;
    const racing: TemplateStore = {
      ...real,
      updateDraft: async (...args) => {
        await real.lockVersion(template.id, 1, '2025-06-01T08:59:59.000Z');
        return real.updateDraft(...args);
      },
    };
    const raced = { stores: { ...stores, templates: racing }, now: deps.now };
    const result = await editTemplate(raced, staff, template.id, () => design('Two'));
    expect(result).toMatchObject({ version: { version: 2, design: { title: 'Two' } }, replaced: 1 });
    expect((await real.getVersion(template.id, 1))?.design.title).toBe('One');
  });

  it('hands the current design to the edit, and validates what comes back', async () => {
    const { template } = await createTemplate(deps, staff, {
      name: 'Kept',
      design: { ...design('One'), logoDataUrl: 'data:image/png;base64,AAAA' },
    });
    const seen: string[] = [];
    await editTemplate(deps, staff, template.id, (current) => {
      seen.push(current.logoDataUrl ?? '');
      return { ...current, title: 'Two' };
    });
    expect(seen).toEqual(['data:image/png;base64,AAAA']);
    expect(
      await refusedWith(
        editTemplate(deps, staff, template.id, (current) => ({ ...current, border: 'wavy' })),
        400,
      ),
    ).toMatch(/Border \(border\)/);
    expect(
      await refusedWith(
        editTemplate(deps, staff, 'missing', () => design('X')),
        404,
      ),
    ).toBe('No such template');
  });

  it('attaches a version: locks it, returns its design and audits the attachment', async () => {
    const admin: Actor = { id: 'user_admin', label: 'Admin', role: 'admin' };
    const { template } = await createTemplate(deps, staff, {
      name: 'For batches',
      design: design('Batch design'),
    });
    const attached = await attachTemplate(
      deps,
      admin,
      { templateId: template.id, version: 1 },
      { type: 'batch', id: 'batch-7' },
    );
    expect(attached).toEqual({
      ref: { templateId: template.id, version: 1 },
      design: design('Batch design'),
    });
    expect((await stores.templates.getVersion(template.id, 1))?.lockedAt).toBe('2025-06-01T09:00:00.000Z');
    const entries = await stores.audit.list({ objectId: template.id, limit: 10 });
    expect(entries.map((e) => e.action).sort()).toEqual([
      'template.attached',
      'template.created',
      'template.version_locked',
    ]);
    expect(entries.find((e) => e.action === 'template.attached')).toMatchObject({
      actorId: 'user_admin',
      details: { version: 1, to: { type: 'batch', id: 'batch-7' } },
    });
    expect(
      await refusedWith(
        attachTemplate(deps, admin, { templateId: template.id, version: 5 }, { type: 'batch', id: 'b' }),
        404,
      ),
    ).toMatch(/No version 5/);
  });
});
