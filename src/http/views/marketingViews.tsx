/**
 * The pages of marketing consent: /me/marketing (the consent text, the choice in force with
 * its history, and the optional location) and the one-click unsubscribe page of the link in
 * every marketing message.
 */
import { Layout, Notice } from './layout.js';
import { TableWrap } from './consoleViews.js';
import type { ShellProps } from './authViews.js';
import { Field, PostForm, When } from './formParts.js';
import type { MyMarketing } from '../../accounts/marketingConsent.js';
import { countryName } from '../../accounts/marketingConsent.js';

/** GET /me/marketing. */
export function MyMarketingView(
  props: ShellProps & {
    marketing: MyMarketing;
    saved?: string | undefined;
    consentError?: string | undefined;
    locationError?: string | undefined;
    values?: Record<string, string> | undefined;
  },
) {
  const { text, current, history, location } = props.marketing;
  const granted = current?.granted === true;
  const olderVersion = granted && current.textVersion !== text.textVersion;
  const v = props.values ?? {};
  return (
    <Layout title="News, offers and location" user={props.user} csrfToken={props.csrfToken}>
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      <h2 id="consent">News and offers</h2>
      <p>
        {granted ? (
          <>
            {`You agreed to news and offers on `}
            <When at={current.at} />
            {` (text version ${current.textVersion}).`}
          </>
        ) : current ? (
          <>
            {'You do not get news and offers: you withdrew on '}
            <When at={current.at} />
            {'.'}
          </>
        ) : (
          'You do not get news and offers. Messages about your account, courses and certificates arrive either way.'
        )}
      </p>
      {olderVersion ? (
        <Notice kind="info">
          {`The text below is a newer version (${text.textVersion}) than the one you agreed to. Your consent still stands; agree again if you are happy with the new text.`}
        </Notice>
      ) : null}
      <section aria-labelledby="consent-text-title">
        <h3 id="consent-text-title">{`The text you agree to (version ${text.textVersion})`}</h3>
        <div class="content" dangerouslySetInnerHTML={{ __html: text.html }} />
      </section>
      <PostForm
        action="/me/marketing/consent"
        csrfToken={props.csrfToken}
        error={props.consentError}
        submit={granted && !olderVersion ? 'Stop news and offers' : 'Yes, send me news and offers'}
      >
        <input type="hidden" name="textVersion" value={text.textVersion} />
        <input type="hidden" name="choice" value={granted && !olderVersion ? 'withdraw' : 'grant'} />
      </PostForm>
      {olderVersion ? (
        <PostForm action="/me/marketing/consent" csrfToken={props.csrfToken} submit="Stop news and offers">
          <input type="hidden" name="textVersion" value={text.textVersion} />
          <input type="hidden" name="choice" value="withdraw" />
        </PostForm>
      ) : null}
      {history.length > 0 ? (
        <TableWrap label="Your choices about news and offers">
          <table>
            <caption>Your choices, oldest first</caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Choice</th>
                <th scope="col">Text version</th>
              </tr>
            </thead>
            <tbody>
              {history.map((r) => (
                <tr>
                  <td>
                    <When at={r.at} />
                  </td>
                  <td>{r.granted ? 'agreed' : 'withdrew'}</td>
                  <td>{r.textVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <h2 id="location">Your location</h2>
      <p class="hint">
        Optional. It lets us send you news about where you are (courses and events in your country or region).
        Leave the country empty and save to remove it.
      </p>
      <PostForm
        action="/me/marketing/location"
        csrfToken={props.csrfToken}
        error={props.locationError}
        submit="Save my location"
      >
        <Field
          name="country"
          label="Country (two-letter code)"
          value={v.country ?? location?.country ?? ''}
          autocomplete="country"
          required={false}
          hint={
            location
              ? `Now: ${countryName(location.country)}. For example ZA for South Africa, NG for Nigeria.`
              : 'For example ZA for South Africa, NG for Nigeria.'
          }
        />
        <Field
          name="region"
          label="Province or region"
          value={v.region ?? location?.region ?? ''}
          autocomplete="address-level1"
          required={false}
        />
        <Field
          name="city"
          label="City or town"
          value={v.city ?? location?.city ?? ''}
          autocomplete="address-level2"
          required={false}
        />
      </PostForm>
      <p>
        <a href="/me/profile">Back to your profile</a>
      </p>
    </Layout>
  );
}

/** GET (asks) and POST (done) /marketing/unsubscribe/:userId/:tag. */
export function MarketingUnsubscribePage(props: { email: string; done: boolean; action: string }) {
  return (
    <Layout title="News and offers" user={undefined} csrfToken="">
      {props.done ? (
        <p class="notice success" role="status">
          {`Done: ${props.email} will get no more news and offers. Messages about your account, courses and certificates still arrive. You can agree again in your account under News and offers.`}
        </p>
      ) : (
        <form method="post" action={props.action} class="compact">
          <p>{`Stop news and offers to ${props.email}?`}</p>
          <button type="submit">Unsubscribe from news and offers</button>
        </form>
      )}
    </Layout>
  );
}
