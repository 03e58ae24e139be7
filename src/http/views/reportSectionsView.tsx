/** A written report's sections (heading, paragraphs, an optional table), as the report pages show them. */
import { TableWrap } from './consoleViews.js';
import type { ReportSection } from '../../messaging/monthlyReport.js';

/** Every section in order; text is rendered as text. */
export function ReportSections({ sections }: { sections: ReportSection[] }) {
  return (
    <>
      {sections.map((section) => (
        <section>
          <h2>{section.heading}</h2>
          {section.paragraphs.map((p) => (
            <p>{p}</p>
          ))}
          {section.table?.rows.length ? (
            <TableWrap label={section.heading}>
              <table>
                <thead>
                  <tr>
                    {section.table.header.map((h) => (
                      <th scope="col">{h}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {section.table.rows.map((row) => (
                    <tr>
                      {row.map((cell) => (
                        <td>{cell}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableWrap>
          ) : null}
        </section>
      ))}
    </>
  );
}
