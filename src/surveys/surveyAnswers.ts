/**
 * Checking a form's answers against the questions of the exact version shown: each answer
 * is of its question's type, required ones are there, unanswered optional ones are left
 * out. Shared by every survey's answer path.
 */
import { AppError } from '../errors.js';
import type { SurveyQuestion } from '../storage/surveyPorts.js';
import { SURVEY_LIMITS } from './surveyDefinitions.js';

/** The answers keyed by question id (ratings as numbers); throws on the first wrong one. */
export function checkAnswers(
  questions: readonly SurveyQuestion[],
  form: Record<string, string | undefined>,
): Record<string, number | string> {
  const answers: Record<string, number | string> = {};
  questions.forEach((q, i) => {
    const raw = form[q.id]?.trim() ?? '';
    const name = `Question ${i + 1} ("${q.prompt}")`;
    if (raw === '') {
      if (q.required) throw new AppError('invalid_request', `${name} needs an answer`);
      return;
    }
    if (q.type === 'rating') {
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 1 || n > 5)
        throw new AppError('invalid_request', `${name}: rate from 1 to 5`);
      answers[q.id] = n;
    } else if (q.type === 'choice') {
      if (!q.choices?.includes(raw))
        throw new AppError('invalid_request', `${name}: choose one of the options`);
      answers[q.id] = raw;
    } else {
      if (raw.length > SURVEY_LIMITS.answerChars)
        throw new AppError(
          'invalid_request',
          `${name}: keep it under ${SURVEY_LIMITS.answerChars} characters`,
        );
      answers[q.id] = raw;
    }
  });
  return answers;
}
