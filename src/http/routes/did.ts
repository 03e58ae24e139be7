/**
 * The issuer's DID document. For a did:web it is served where the did:web method says
 * (/.well-known/did.json, or <path>/did.json for a path-based DID); for did:key it is
 * still served at /.well-known/did.json so people can see which key signs.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';

/** Routes for the DID document, mounted at the root. */
export function didRoutes(didDocumentPath: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const serve = (c: {
    var: AppEnv['Variables'];
    json: (body: unknown, status: 200, headers: Record<string, string>) => Response;
  }) =>
    c.json(c.var.deps.identity.didDocument, 200, {
      'content-type': 'application/did+json',
      'cache-control': 'public, max-age=300',
    });
  app.get('/.well-known/did.json', (c) => serve(c));
  if (didDocumentPath !== '/.well-known/did.json') {
    app.get(didDocumentPath, (c) => serve(c));
    // Behind a proxy that strips the path prefix, the document arrives at /did.json.
    app.get('/did.json', (c) => serve(c));
  }
  return app;
}
