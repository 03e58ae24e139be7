/**
 * The public documents: /privacy, /terms and /help (its FAQ section at /help#faq, where
 * /faq leads), each the newest published version or the built-in text. They run the page
 * middleware like the other root pages, so the header knows who is signed in.
 */
import type { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import { pagesAt, render } from './pageKit.js';
import { shell } from './publicKit.js';
import { CONTENT_DOCUMENTS } from '../../content/contentDocuments.js';
import { publishedPage } from '../../content/siteContent.js';
import { ContentPage } from '../views/contentViews.js';

/** The document pages' paths (the page middleware runs on them). */
export const CONTENT_PAGE_PATHS = CONTENT_DOCUMENTS.map((d) => d.path);

/** The document pages, a sub-app mounted at the root. */
export function contentPages(): Hono<AppEnv> {
  const app = pagesAt(CONTENT_PAGE_PATHS);
  for (const document of CONTENT_DOCUMENTS) {
    app.get(document.path, async (c) =>
      render(c, <ContentPage {...shell(c)} page={await publishedPage(c.var.deps.content, document.slug)} />),
    );
  }
  // The FAQ is a section of the help page; the permanent redirect keeps old /faq links working.
  app.get('/faq', (c) => c.redirect('/help#faq', 301));
  return app;
}
