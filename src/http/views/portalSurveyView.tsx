/**
 * /me/surveys/:credentialId: the participant survey about one of the participant's
 * certificates, once per certificate; after an answer (or a course rating given before)
 * the page thanks them instead of asking again.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import type { ShellProps } from './authViews.js';
import { SurveyQuestionFields } from './surveyFieldsView.js';
import { surveyPath, type ParticipantSurvey } from '../../surveys/participantSurvey.js';

/** GET /me/surveys/:credentialId */
export function ParticipantSurveyView(
  props: ShellProps & {
    survey: ParticipantSurvey;
    notice?: { kind: 'error' | 'success'; text: string } | undefined;
    values?: Record<string, string> | undefined;
  },
) {
  const { survey } = props;
  const title = survey.courseTitle ? `Survey: ${survey.courseTitle}` : 'Survey';
  return (
    <Layout title={title} {...props}>
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      {survey.answered ? (
        <p>
          You have answered the survey for this certificate; thank you.{' '}
          <a href="/me/programmes">Back to my courses</a>
        </p>
      ) : (
        <form method="post" action={surveyPath(survey.credentialId)} class="stack">
          <CsrfField token={props.csrfToken} />
          <p>{`${survey.survey.title}. It takes a minute, and you answer it once for this certificate.`}</p>
          <SurveyQuestionFields questions={survey.survey.questions} values={props.values} />
          <button type="submit">Send my answers</button>
        </form>
      )}
    </Layout>
  );
}
