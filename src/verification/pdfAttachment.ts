/**
 * The signed credential a certificate PDF carries as an embedded file (PDF/A-3 style, as
 * certificatePdf.ts attaches it with pdf-lib: `credential.json`, `application/ld+json`).
 * Read on the verification thread with pdf-lib's parser. The PDF's file specifications are
 * found where readers look for attachments: the document's EmbeddedFiles name tree and its
 * associated files (/AF). Every step tolerates a hostile file: lookups check types instead
 * of trusting them, the name tree walk is bounded, and the attachment is inflated under a
 * size cap (a few kilobytes of deflate can expand to gigabytes).
 */
import { inflateSync } from 'node:zlib';
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFRawStream,
  PDFString,
  type PDFObject,
} from 'pdf-lib';
import { AppError } from '../errors.js';
import { BakingError, MAX_CREDENTIAL_CHARS, parseBakedCredential } from '../rendering/bakedCredential.js';

/** The attachment's file name. */
const CREDENTIAL_ATTACHMENT = 'credential.json';

/** Name tree nodes visited at most (a real tree of a few attachments has one or two). */
const MAX_TREE_NODES = 256;
/** UTF-8 takes at most three bytes for each UTF-16 code unit the credential may have. */
const MAX_ATTACHMENT_BYTES = MAX_CREDENTIAL_CHARS * 3;

const SOURCE = `PDF's ${CREDENTIAL_ATTACHMENT} attachment`;

/** pdf-lib's object classes (their constructors are not public, so they are taken by prototype). */
type PdfClass<T> = { prototype: T };

/** The object a value or reference stands for, if it is of `type`. */
function resolve<T extends PDFObject>(
  doc: PDFDocument,
  value: PDFObject | undefined,
  type: PdfClass<T>,
): T | undefined {
  const found = value === undefined ? undefined : doc.context.lookup(value);
  return found !== undefined && Object.prototype.isPrototypeOf.call(type.prototype, found)
    ? (found as T)
    : undefined;
}

function textOf(value: PDFObject | undefined): string | undefined {
  return value instanceof PDFString || value instanceof PDFHexString ? value.decodeText() : undefined;
}

/** The file specifications of the EmbeddedFiles name tree (Names pairs and Kids) and of /AF. */
function fileSpecs(doc: PDFDocument): PDFDict[] {
  const specs: PDFDict[] = [];
  const names = resolve(doc, doc.catalog.get(PDFName.of('Names')), PDFDict);
  const pending = [resolve(doc, names?.get(PDFName.of('EmbeddedFiles')), PDFDict)];
  const seen = new Set<PDFDict>();
  while (pending.length > 0 && seen.size < MAX_TREE_NODES) {
    const node = pending.pop();
    if (!node || seen.has(node)) continue;
    seen.add(node);
    const pairs = resolve(doc, node.get(PDFName.of('Names')), PDFArray)?.asArray() ?? [];
    for (let i = 1; i < pairs.length; i += 2) {
      const spec = resolve(doc, pairs[i], PDFDict);
      if (spec) specs.push(spec);
    }
    for (const kid of resolve(doc, node.get(PDFName.of('Kids')), PDFArray)?.asArray() ?? [])
      pending.push(resolve(doc, kid, PDFDict));
  }
  for (const entry of resolve(doc, doc.catalog.get(PDFName.of('AF')), PDFArray)?.asArray() ?? []) {
    const spec = resolve(doc, entry, PDFDict);
    if (spec) specs.push(spec);
  }
  return specs;
}

function fileNameOf(spec: PDFDict): string | undefined {
  return textOf(spec.get(PDFName.of('UF'))) ?? textOf(spec.get(PDFName.of('F')));
}

/** The attachment's bytes: stored as they are, or deflated (what pdf-lib writes); inflated under the cap. */
function attachmentBytes(doc: PDFDocument, spec: PDFDict): Uint8Array {
  const files = resolve(doc, spec.get(PDFName.of('EF')), PDFDict);
  const stream = resolve(doc, files?.get(PDFName.of('F')) ?? files?.get(PDFName.of('UF')), PDFRawStream);
  if (!stream) throw new BakingError(`The ${SOURCE} has no embedded file stream`);
  const filter = stream.dict.get(PDFName.of('Filter'));
  const filters = filter instanceof PDFArray ? filter.asArray() : filter ? [filter] : [];
  const names = filters.map((f) => (f instanceof PDFName ? f.decodeText() : '?'));
  if (names.length === 0) return stream.contents;
  if (names.length > 1 || names[0] !== 'FlateDecode' || stream.dict.has(PDFName.of('DecodeParms'))) {
    throw new BakingError(
      `The ${SOURCE} is encoded with ${names.join(', ')}; only FlateDecode without parameters is read`,
    );
  }
  try {
    return inflateSync(stream.contents, { maxOutputLength: MAX_ATTACHMENT_BYTES });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw new BakingError(`The ${SOURCE} is larger than ${MAX_ATTACHMENT_BYTES} bytes`);
    throw new BakingError(`The ${SOURCE} is corrupt: its deflated data does not inflate`);
  }
}

/** The parsed PDF and its credential's file specification, if it has one. */
async function findAttachment(bytes: Uint8Array): Promise<{ doc: PDFDocument; spec: PDFDict | undefined }> {
  try {
    const doc = await PDFDocument.load(bytes, { updateMetadata: false });
    // pdf-lib parses garbage leniently and throws later, e.g. on a missing catalog.
    return {
      doc,
      spec: fileSpecs(doc).find(
        (candidate) => fileNameOf(candidate)?.toLowerCase() === CREDENTIAL_ATTACHMENT,
      ),
    };
  } catch (error) {
    const encrypted = (error as Error).name === 'EncryptedPDFError';
    throw new AppError(
      'invalid_request',
      encrypted
        ? 'This PDF is encrypted, so its attachments cannot be read'
        : 'This file is not a PDF that can be read',
    );
  }
}

/**
 * The credential attached to a PDF, or undefined when it has no `credential.json`. A file
 * that is not a readable PDF, or an attachment that is not one credential as JSON, is a
 * 400 invalid_request with a sentence.
 */
export async function credentialFromPdf(bytes: Uint8Array): Promise<Record<string, unknown> | undefined> {
  const { doc, spec } = await findAttachment(bytes);
  if (!spec) return undefined;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(attachmentBytes(doc, spec));
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new BakingError(`The ${SOURCE} is not UTF-8 text`);
  }
  return parseBakedCredential(text, SOURCE);
}
