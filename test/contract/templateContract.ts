/**
 * Contract cases for certificate templates: a new template is version 1; versions are
 * numbered 1, 2, ... also under concurrent adds; a draft can be edited, a locked version
 * cannot (and stays exactly as it was); locking is idempotent; lists carry the latest
 * version and its lock state; unknown templates and versions read as undefined.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_DESIGN, type TemplateDesign } from '../../src/rendering/templateDesign.js';
import { LockedTemplateVersionError, type TemplateRecord } from '../../src/storage/ports.js';
import { at } from './accountFixtures.js';
import { nextId } from './storeFixtures.js';
import type { GetStores } from './storeContract.js';

/** A fresh template record with a unique id. */
function templateRecord(overrides: Partial<TemplateRecord> = {}): TemplateRecord {
  return {
    id: `tpl-${nextId()}`,
    name: `Template ${nextId()}`,
    createdAt: at(0),
    createdBy: 'user_staff',
    ...overrides,
  };
}

/** A fresh copy of the default design with another title. */
function design(title: string, overrides: Partial<TemplateDesign> = {}): TemplateDesign {
  return { ...structuredClone(DEFAULT_DESIGN), title, ...overrides };
}

/** Registers the template cases. */
export function describeTemplateContract(getStores: GetStores): void {
  describe('templates', () => {
    it('creates a template as version 1 and reads both back, omitting unset fields', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      const withImage = design('First', {
        logoDataUrl: 'data:image/png;base64,iVBORw0KGgo=',
        signatures: [{ name: 'A', title: 'B', imageDataUrl: 'data:image/svg+xml;base64,PHN2Zy8+' }],
      });
      const first = await templates.createTemplate(template, withImage);
      expect(first).toEqual({
        templateId: template.id,
        version: 1,
        design: withImage,
        createdAt: at(0),
        createdBy: 'user_staff',
      });
      expect(await templates.getTemplate(template.id)).toEqual(template);
      expect(await templates.getVersion(template.id, 1)).toEqual(first);
      expect(Object.keys((await templates.getVersion(template.id, 1))!).sort()).toEqual([
        'createdAt',
        'createdBy',
        'design',
        'templateId',
        'version',
      ]);
      expect(await templates.latestVersion(template.id)).toEqual(first);
      expect(await templates.listVersions(template.id)).toEqual([first]);
      await expect(
        templates.createTemplate({ ...template, name: 'Again' }, design('Again')),
      ).rejects.toThrow();
      expect(await templates.getTemplate(template.id)).toEqual(template);
    });

    it('answers undefined for unknown templates and versions', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      await templates.createTemplate(template, design('Known'));
      expect(await templates.getTemplate('missing')).toBeUndefined();
      expect(await templates.getVersion(template.id, 2)).toBeUndefined();
      expect(await templates.getVersion('missing', 1)).toBeUndefined();
      expect(await templates.latestVersion('missing')).toBeUndefined();
      expect(await templates.listVersions('missing')).toEqual([]);
      expect(await templates.addVersion('missing', design('Orphan'), { at: at(1), by: 'u' })).toBeUndefined();
      expect(await templates.lockVersion(template.id, 9, at(1))).toBeUndefined();
      expect(
        await templates.updateDraft(template.id, 9, design('Nope'), { at: at(1), by: 'u' }),
      ).toBeUndefined();
    });

    it('adds versions with the next number and lists them newest first', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      await templates.createTemplate(template, design('One'));
      const second = await templates.addVersion(template.id, design('Two'), { at: at(1), by: 'user_b' });
      expect(second).toEqual({
        templateId: template.id,
        version: 2,
        design: design('Two'),
        createdAt: at(1),
        createdBy: 'user_b',
      });
      const third = await templates.addVersion(template.id, design('Three'), { at: at(2), by: 'user_c' });
      expect(third?.version).toBe(3);
      expect((await templates.listVersions(template.id)).map((v) => [v.version, v.design.title])).toEqual([
        [3, 'Three'],
        [2, 'Two'],
        [1, 'One'],
      ]);
      expect(await templates.latestVersion(template.id)).toEqual(third);
    });

    it('gives 12 concurrent adds the distinct numbers 2 to 13', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      await templates.createTemplate(template, design('Base'));
      const added = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          templates.addVersion(template.id, design(`Concurrent ${i}`), { at: at(1), by: `user_${i}` }),
        ),
      );
      expect(added.map((v) => v!.version).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 2),
      );
      const stored = await templates.listVersions(template.id);
      expect(stored).toHaveLength(13);
      for (const v of added) expect(await templates.getVersion(template.id, v!.version)).toEqual(v);
    });

    it('edits a draft, and refuses to edit a locked version, which stays exactly as it was', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      await templates.createTemplate(template, design('Draft'));
      const edited = await templates.updateDraft(template.id, 1, design('Edited'), {
        at: at(5),
        by: 'user_e',
      });
      expect(edited).toEqual({
        templateId: template.id,
        version: 1,
        design: design('Edited'),
        createdAt: at(0),
        createdBy: 'user_staff',
        updatedAt: at(5),
        updatedBy: 'user_e',
      });
      expect(await templates.getVersion(template.id, 1)).toEqual(edited);

      const locked = await templates.lockVersion(template.id, 1, at(6));
      expect(locked).toEqual({ ...edited, lockedAt: at(6) });
      const before = JSON.stringify(await templates.getVersion(template.id, 1));
      const refused = templates.updateDraft(template.id, 1, design('Sneaky'), { at: at(7), by: 'user_x' });
      await expect(refused).rejects.toBeInstanceOf(LockedTemplateVersionError);
      await expect(refused).rejects.toMatchObject({ templateId: template.id, version: 1 });
      expect(JSON.stringify(await templates.getVersion(template.id, 1))).toBe(before);
    });

    it('locks idempotently, keeping the first lock time, and locks only the version named', async () => {
      const { templates } = getStores();
      const template = templateRecord();
      await templates.createTemplate(template, design('One'));
      await templates.addVersion(template.id, design('Two'), { at: at(1), by: 'u' });
      expect((await templates.lockVersion(template.id, 1, at(2)))?.lockedAt).toBe(at(2));
      expect((await templates.lockVersion(template.id, 1, at(3)))?.lockedAt).toBe(at(2));
      expect((await templates.getVersion(template.id, 2))?.lockedAt).toBeUndefined();
      const results = await Promise.all(
        [at(4), at(5), at(6)].map((when) => templates.lockVersion(template.id, 2, when)),
      );
      expect(new Set(results.map((r) => r?.lockedAt)).size).toBe(1);
    });

    it('lists templates by name with their latest version and whether it is locked', async () => {
      const { templates } = getStores();
      const beta = templateRecord({ name: 'Beta certificate' });
      const alpha = templateRecord({ name: 'Alpha certificate' });
      await templates.createTemplate(beta, design('B1'));
      await templates.createTemplate(alpha, design('A1'));
      await templates.lockVersion(alpha.id, 1, at(1));
      await templates.addVersion(beta.id, design('B2'), { at: at(2), by: 'u' });
      await templates.lockVersion(beta.id, 2, at(3));
      await templates.addVersion(beta.id, design('B3'), { at: at(4), by: 'u' });
      const listed = (await templates.listTemplates()).filter((t) => t.id === alpha.id || t.id === beta.id);
      expect(listed).toEqual([
        { ...alpha, latestVersion: 1, latestLocked: true },
        { ...beta, latestVersion: 3, latestLocked: false },
      ]);
    });
  });
}
