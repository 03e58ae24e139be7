/**
 * Everything a participant holds, as one zip: each certificate we issued them (its signed
 * JSON and the badge image with the credential baked in) and each credential in their
 * backpack (its JSON, its VC-JWT when it came as one, and an SVG badge with the credential
 * baked in when it is JSON-LD: a VC-JWT is baked nowhere, since only its signed text
 * verifies). Streamed: the zip is written a file at a time as the client reads (fflate's
 * streaming Zip), so memory holds one file, not the archive; a backpack is at most
 * MAX_BACKPACK_ITEMS entries of at most the verifier's size cap. A certificate picture that
 * cannot be made just now is left out and the manifest says so, rather than failing the
 * download halfway.
 */
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { AccountDeps } from '../accounts/accountDeps.js';
import { listHeldCredentials } from '../accounts/heldCredentials.js';
import { bakedFormatOf } from '../rendering/badgeBaking.js';
import { bakeSvg } from '../rendering/baking.js';
import { certificateFile, certificateFileName } from '../rendering/certificateFiles.js';
import type { RenderingDeps } from '../rendering/renderingDeps.js';
import type { BadgeImageStore } from '../storage/badgePorts.js';
import type { TemplateStore } from '../storage/ports.js';
import { type BackpackDeps, type BackpackItem, listBackpack } from './backpack.js';

/** What the export needs: the backpack, the person's certificates and the renderer for their pictures. */
export interface BackpackExportDeps extends BackpackDeps {
  stores: BackpackDeps['stores'] & {
    templates: Pick<TemplateStore, 'getVersion'>;
    badgeImages: Pick<BadgeImageStore, 'getBadgeImage'>;
  };
  accounts: AccountDeps;
  rendering: RenderingDeps;
}

interface ZipEntry {
  name: string;
  bytes: Uint8Array;
  /** PNGs are compressed already. */
  stored?: boolean;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);
const json = (value: unknown): Uint8Array => encode(`${JSON.stringify(value, null, 2)}\n`);

const escapeXml = (text: string): string =>
  text
    .replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

const slug = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'credential';

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 80) : undefined;

/** A plain badge picture naming the credential and its issuer, for a credential that came without one. */
function badgeSvg(name: string, issuer: string | undefined): string {
  const lines = [
    `<text x="200" y="190" text-anchor="middle" font-family="sans-serif" font-size="22" fill="#1a1a1a">${escapeXml(name.slice(0, 32))}</text>`,
    issuer
      ? `<text x="200" y="230" text-anchor="middle" font-family="sans-serif" font-size="16" fill="#444">${escapeXml(issuer.slice(0, 40))}</text>`
      : '',
  ];
  return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400"><circle cx="200" cy="200" r="190" fill="#f4f1ea" stroke="#1f4e79" stroke-width="8"/>${lines.join('')}</svg>`;
}

function itemName(item: BackpackItem): string {
  const subject = item.credential.credentialSubject as Record<string, unknown> | undefined;
  const achievement = subject?.achievement as Record<string, unknown> | undefined;
  return item.standing.name ?? textOf(achievement?.name) ?? textOf(item.credential.name) ?? 'Credential';
}

/** The files of one backpack entry and its line in the manifest. */
function itemEntries(item: BackpackItem): { files: ZipEntry[]; manifest: Record<string, unknown> } {
  const name = itemName(item);
  const base = `backpack/${slug(name)}-${item.id.slice(0, 8)}`;
  const files: ZipEntry[] = [{ name: `${base}.json`, bytes: json(item.credential) }];
  if (item.jwt) files.push({ name: `${base}.jwt`, bytes: encode(`${item.jwt}\n`) });
  else
    files.push({
      name: `${base}.svg`,
      bytes: encode(bakeSvg(badgeSvg(name, item.standing.issuer), item.credential)),
    });
  return {
    files,
    manifest: {
      files: files.map((f) => f.name),
      name,
      ...(item.standing.issuer ? { issuer: item.standing.issuer } : {}),
      standingWhenStored: item.standing.label,
      source: item.source,
      addedAt: item.addedAt,
      updatedAt: item.updatedAt,
    },
  };
}

/** Every file of the archive, one at a time; the manifest last, once it is known. */
async function* entriesOf(deps: BackpackExportDeps, userId: string): AsyncGenerator<ZipEntry> {
  const manifest = {
    exportedAt: deps.now().toISOString(),
    certificates: [] as Record<string, unknown>[],
    backpack: [] as Record<string, unknown>[],
  };
  const fileDeps = {
    rendering: deps.rendering,
    templates: deps.stores.templates,
    badgeImages: deps.stores.badgeImages,
    now: deps.now,
  };
  for (const record of await listHeldCredentials(deps.accounts, userId)) {
    // The same baked copy as the certificate's download: in the course's badge image (an
    // SVG badge makes an SVG file), else in the certificate picture.
    const format = bakedFormatOf(record.credential);
    const picture = certificateFileName(record, format);
    const jsonName = `certificates/${certificateFileName(record, 'png').replace(/\.png$/, '.json')}`;
    yield { name: jsonName, bytes: json(record.credential) };
    const line: Record<string, unknown> = { certificateNumber: record.certificateNumber, files: [jsonName] };
    try {
      const render = await certificateFile(fileDeps, record, format);
      yield { name: `certificates/${picture}`, bytes: render.bytes, stored: format === 'baked-png' };
      (line.files as string[]).push(`certificates/${picture}`);
    } catch (error) {
      line.pictureLeftOut = `The badge image could not be made just now (${(error as Error).message}); download it from your certificates page`;
    }
    manifest.certificates.push(line);
  }
  const pageSize = 50;
  for (let offset = 0; ; offset += pageSize) {
    const { items } = await listBackpack(deps, userId, { limit: pageSize, offset });
    for (const item of items) {
      const { files, manifest: line } = itemEntries(item);
      yield* files;
      manifest.backpack.push(line);
    }
    if (items.length < pageSize) break;
  }
  yield { name: 'manifest.json', bytes: json(manifest) };
}

/** The zip of everything the user holds, as a stream of bytes written as it is read. */
export function exportEverything(deps: BackpackExportDeps, userId: string): ReadableStream<Uint8Array> {
  const entries = entriesOf(deps, userId);
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    // One file per pull: the consumer's pace decides how much is held.
    async pull() {
      const next = await entries.next();
      if (next.done) return zip.end();
      const file = next.value.stored
        ? new ZipPassThrough(next.value.name)
        : new ZipDeflate(next.value.name, { level: 6 });
      zip.add(file);
      file.push(next.value.bytes, true);
    },
    async cancel() {
      zip.terminate();
      await entries.return(undefined);
    },
  });
}
