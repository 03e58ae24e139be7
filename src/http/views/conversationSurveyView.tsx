/**
 * /me/surveys/conversations/:id: the satisfaction survey about one of the person's
 * resolved conversations, once per conversation; after an answer (or a rating given with
 * the older form) the page thanks them instead of asking again.
 */
import { CsrfField, Layout, Notice } from './layout.js';
import type { ShellProps } from './authViews.js';
import { SurveyQuestionFields } from './surveyFieldsView.js';
import type { ConversationSurvey } from '../../surveys/conversationSurvey.js';
import { conversationSurveyPath } from '../../surveys/conversationSurveyInvite.js';

/** A title as the start of a sentence (staff may end theirs with a question mark, or not). */
const sentence = (title: string) => (/[.?!]$/.test(title) ? title : `${title}.`);

/** GET /me/surveys/conversations/:id */
export function ConversationSurveyView(
  props: ShellProps & {
    survey: ConversationSurvey;
    notice?: { kind: 'error' | 'success'; text: string } | undefined;
    values?: Record<string, string> | undefined;
  },
) {
  const { survey } = props;
  const back = `/me/messages/${encodeURIComponent(survey.conversationId)}`;
  return (
    <Layout title={`Survey: conversation #${survey.conversationNumber}`} {...props}>
      {props.notice ? <Notice kind={props.notice.kind}>{props.notice.text}</Notice> : null}
      {survey.answered ? (
        <p>
          You have answered the survey for this conversation; thank you.{' '}
          <a href={back}>Back to the conversation</a>
        </p>
      ) : !survey.resolved ? (
        <p>
          The survey opens once the team has resolved this conversation.{' '}
          <a href={back}>Back to the conversation</a>
        </p>
      ) : (
        <form method="post" action={conversationSurveyPath(survey.conversationId)} class="stack">
          <CsrfField token={props.csrfToken} />
          <p>{`${sentence(survey.survey.title)} It takes a minute, and you answer once for this conversation.`}</p>
          <SurveyQuestionFields questions={survey.survey.questions} values={props.values} />
          <button type="submit">Send my answers</button>
        </form>
      )}
    </Layout>
  );
}
