/**
 * What the partner's and the staff's accreditation pages share: the application page's
 * data, the notice for what a change did (?done=<code>), the way back to the page, the
 * application's files and the quarterly report as a page or a PDF.
 */
import type { Context } from 'hono';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { AppEnv } from '../env.js';
import { AppError } from '../../errors.js';
import { render } from './pageKit.js';
import type { Actor } from '../../accounts/accountDeps.js';
import { applicationFile, applicationPage } from '../../accreditation/applicationOverview.js';
import type { ApplicationPageData } from '../views/accreditationView.js';
import { quarterlyReport } from '../../accreditation/quarterlyReport.js';
import { ReportSections } from '../views/reportSectionsView.js';
import { textReportPdf } from '../../reports/textReportPdf.js';

export const PARTNER_APPLICATIONS = '/partner/applications';
export const STAFF_APPLICATIONS = '/admin/accreditation';

export async function pageData(
  c: Context<AppEnv>,
  actor: Actor,
  id: string,
  side: 'partner' | 'staff',
): Promise<ApplicationPageData> {
  const { summary, people, staff } = await applicationPage(c.var.deps.accreditation, actor, id);
  return {
    summary,
    side,
    base: side === 'partner' ? PARTNER_APPLICATIONS : STAFF_APPLICATIONS,
    people,
    staff,
    viewerId: actor.id,
  };
}

/** What each change did, in words, shown on the application page it leads back to (?done=<code>). */
const DONE: Record<string, string> = {
  uploaded:
    'The document was uploaded. It waits for review by our staff; if anything needs changing, you are emailed and the item says what.',
  confirmed:
    'Confirmed. It waits for review by our staff; if anything needs changing, you are emailed and the item says what.',
  withdrawn: 'The application was withdrawn.',
  feedback: 'Thank you for your feedback on this cycle.',
  under_review: 'You took the item up for review: approve it, or ask the partner for a change with guidance.',
  approved: 'The item was approved.',
  accredited:
    'Every item is approved: the organisation is accredited, and its accreditation credential was issued.',
  rejected: 'The item was rejected; the partner was emailed your guidance.',
  clarification: 'The partner was asked for clarification and emailed your guidance.',
  assigned: 'The assignment was saved.',
  check_in: 'The check-in meeting was recorded.',
  lapsed: 'The application was marked lapsed and its credential revoked.',
  additional_review:
    'Sent to additional review: the second reviewer was emailed, and the partner told when to expect the decision.',
};

/** The notice for the page's ?done= code, if it names one. */
export function doneNotice(code: string | undefined): { kind: 'success'; text: string } | undefined {
  return code && Object.hasOwn(DONE, code) ? { kind: 'success', text: DONE[code]! } : undefined;
}

/** Back to the application page, saying what was done. */
export const backTo = (base: string, id: string, done: string) => `${base}/${id}?done=${done}`;

/** Serves a file of the application (checked to belong to it). */
export async function fileOf(c: Context<AppEnv>, actor: Actor): Promise<Response> {
  const document = await applicationFile(
    c.var.deps.accreditation,
    actor,
    c.req.param('id')!,
    c.req.param('sha256')!,
  );
  return c.body(document.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': document.mediaType,
    'content-disposition': `attachment; filename="${document.name.replace(/"/g, '')}"`,
    'x-content-type-options': 'nosniff',
  });
}

/** A quarterly report as a page or a PDF (`2026-Q4` or `2026-Q4.pdf`). */
export async function reportResponse(
  c: Context<AppEnv>,
  actor: Actor,
  organisationId: string,
  file: string,
  shell: (title: string, body: JSX.Element) => JSX.Element,
): Promise<Response> {
  const match = /^(\d{4}-Q[1-4])(\.pdf)?$/.exec(file);
  if (!match) throw new AppError('not_found', 'No such report: use a quarter such as 2026-Q4');
  const report = await quarterlyReport(c.var.deps.accreditation, actor, organisationId, match[1]!);
  if (match[2]) {
    const pdf = await textReportPdf({ title: report.title, sections: report.sections });
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="accreditation-${match[1]}.pdf"`,
    });
  }
  return render(
    c,
    shell(
      report.title,
      <>
        <p>
          <a href={`${c.req.path}.pdf`}>Download PDF</a>
        </p>
        <ReportSections sections={report.sections} />
      </>,
    ),
  );
}
