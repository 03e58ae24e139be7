/**
 * The console's page of one person's location (/admin/users/:id/location): staff set or
 * clear the optional country, region and city that location-targeted broadcasts use.
 */
import { CsrfField } from './layout.js';
import { ConsoleShell, type ConsoleProps } from './consoleViews.js';
import type { UserLocation } from '../../storage/ports.js';
import { countryName } from '../../accounts/marketingConsent.js';

/** GET /admin/users/:id/location. */
export function PersonLocationPage(
  props: ConsoleProps & {
    person: { id: string; name: string; email: string };
    location?: UserLocation | undefined;
    values?: Record<string, string> | undefined;
  },
) {
  const { person, location } = props;
  const v = props.values ?? {};
  const back = `/admin/users/${encodeURIComponent(person.id)}`;
  return (
    <ConsoleShell title={`Location: ${person.name}`} current="/admin/users" {...props}>
      <p>
        <a href={back}>{`Back to ${person.name}`}</a>
      </p>
      <p>
        {location
          ? `Now: ${[location.city, location.region, countryName(location.country)].filter(Boolean).join(', ')}.`
          : 'No location given.'}
      </p>
      <form method="post" action={`${back}/location`} class="stack">
        <CsrfField token={props.csrfToken} />
        <label for="l-country">Country (two-letter code, e.g. ZA; empty removes the location)</label>
        <input
          id="l-country"
          name="country"
          type="text"
          maxlength={2}
          value={v.country ?? location?.country ?? ''}
        />
        <label for="l-region">Province or region</label>
        <input
          id="l-region"
          name="region"
          type="text"
          maxlength={100}
          value={v.region ?? location?.region ?? ''}
        />
        <label for="l-city">City or town</label>
        <input id="l-city" name="city" type="text" maxlength={100} value={v.city ?? location?.city ?? ''} />
        <button type="submit">Save location</button>
      </form>
    </ConsoleShell>
  );
}
