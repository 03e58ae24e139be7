/**
 * A badge's picture, skills, results and evidence (src/badges/badgeFacts.ts), as the
 * public certificate page and the holder's certificate cards show them. Shows nothing for
 * a credential that carries none of them. Text from the credential is escaped by JSX.
 */
import type { BadgeFacts } from '../../badges/badgeFacts.js';

/** The badge's details; `headingLevel` 3 inside a card whose title is an h2. */
export function BadgeDetails({ badge, headingLevel = 2 }: { badge: BadgeFacts; headingLevel?: 2 | 3 }) {
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const { image, skills, results, evidence } = badge;
  if (!image && skills.length === 0 && results.length === 0 && evidence.length === 0) return null;
  return (
    <div class="badge-details">
      {image ? (
        <p class="badge-image">
          <img src={image.src} alt={image.caption} width="96" height="96" />
        </p>
      ) : null}
      {results.length > 0 ? (
        <>
          <Heading>Results</Heading>
          <dl class="facts">
            {results.map((r) => (
              <>
                <dt>{r.name}</dt>
                <dd>{r.value}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
      {skills.length > 0 ? (
        <>
          <Heading>Skills</Heading>
          <ul class="skills">
            {skills.map((s) => (
              <li>
                {s.url ? (
                  <a href={s.url} rel="noopener noreferrer">
                    {s.name}
                  </a>
                ) : (
                  s.name
                )}
                {s.code || s.framework ? (
                  <span class="hint">{` (${[s.framework, s.code].filter(Boolean).join(', ')})`}</span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {evidence.length > 0 ? (
        <>
          <Heading>Evidence</Heading>
          <ul>
            {evidence.map((e) => (
              <li>
                {e.url ? (
                  <a href={e.url} rel="noopener noreferrer">
                    {e.name}
                  </a>
                ) : (
                  e.name
                )}
                {e.description ? <span class="hint">{` ${e.description}`}</span> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
