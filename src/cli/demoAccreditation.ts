/**
 * The demo's accreditation: two accreditation types (a training provider in three stages,
 * a workplace host in two) and, when the partner account has an organisation, its
 * application for the first type, so /partner has something to show. Items that exist
 * are skipped, as everywhere in the demo seed.
 */
import type { Actor } from '../accounts/accountDeps.js';
import { type AccreditationTypeInput, saveAccreditationType } from '../accreditation/accreditationTypes.js';
import { startApplication } from '../accreditation/applications.js';
import type { AppDeps } from '../deps.js';

/** Reports an item that exists already. */
export type Skip = (item: string) => void;
/** Creates one item; a refusal is reported and undefined returned so dependents skip. */
export type Create = <T>(item: string, make: () => Promise<T>) => Promise<T | undefined>;

const ACCREDITATION_TYPES: [string, AccreditationTypeInput][] = [
  [
    'demo-training-provider',
    {
      name: 'Accredited training provider',
      description: 'For organisations that run SayPro courses and issue their certificates.',
      validityMonths: 24,
      stages: [
        {
          id: 'documents',
          name: 'Documents',
          items: [
            {
              kind: 'document',
              name: 'Tax clearance certificate',
              guidance: 'Issued within the last 12 months.',
              deadlineDays: 30,
            },
            {
              kind: 'document',
              name: 'Facilitator qualifications',
              guidance: 'One PDF with every facilitator.',
              deadlineDays: 45,
            },
          ],
        },
        {
          id: 'site-visit',
          name: 'Site visit',
          items: [
            {
              kind: 'action',
              name: 'Host the site visit',
              guidance: 'Agree a date with your SayPro contact.',
              deadlineDays: 60,
            },
          ],
        },
      ],
    },
  ],
  [
    'demo-assessment-centre',
    {
      name: 'Assessment centre',
      description: 'For venues that invigilate final assessments.',
      validityMonths: 12,
      stages: [
        {
          id: 'venue',
          name: 'Venue',
          items: [
            {
              kind: 'document',
              name: 'Venue floor plan',
              guidance: 'Show the exam room and exits.',
              deadlineDays: 30,
            },
          ],
        },
      ],
    },
  ],
];

/** The accreditation types, and the partner's application for the first one. */
export async function seedAccreditation(
  deps: AppDeps,
  seed: Actor,
  partner: { actor: Actor; email: string } | undefined,
  skipped: Skip,
  create: Create,
): Promise<void> {
  for (const [id, input] of ACCREDITATION_TYPES) {
    if (await deps.stores.accreditation.getType(id)) skipped(`accreditation type ${id}`);
    else
      await create(`accreditation type ${id}`, () =>
        saveAccreditationType(deps.accreditation, seed, id, input, 0),
      );
  }
  if (
    partner?.actor.organisationId &&
    (await deps.stores.accreditation.getType(ACCREDITATION_TYPES[0]![0]))
  ) {
    const typeId = ACCREDITATION_TYPES[0]![0];
    const item = `accreditation application of ${partner.email} for ${typeId}`;
    if (
      (
        await deps.stores.accreditation.listApplications({
          organisationId: partner.actor.organisationId,
          typeId,
          limit: 1,
        })
      ).length > 0
    )
      skipped(item);
    else await create(item, () => startApplication(deps.accreditation, partner.actor, { typeId }));
  }
}
