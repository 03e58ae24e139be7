/**
 * The body limit of the routes that take uploads (CSV imports, content submissions,
 * accreditation documents, certificate photos and PDFs to verify): MAX_UPLOAD_BYTES from
 * the config instead of MAX_BODY_BYTES. Each such route declares it itself.
 */
import type { AppEnv } from '../env.js';
import { uploadLimit } from '../requestHandling.js';

/** Put on an upload route: `.post('/:id/import', acceptsUploads, handler)`. */
export const acceptsUploads = uploadLimit<AppEnv>((c) => c.var.deps.config.maxUploadBytes);
