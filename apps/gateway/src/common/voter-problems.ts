/**
 * problem+json for voters in their language: the title, the detail and each bad field's message
 * from the catalogue (libs/domain i18n, `api.*` and `problem.*`); the `type` and the `code`s are
 * the same in every language, for programs. docs/web.md, "Languages".
 */
import type { Request } from 'express';
import { negotiateLanguage, t, type Language } from '@uocava/domain';
import { ProblemException, type ProblemBody, type ProblemField } from '@uocava/platform';

/** 400 invalid-request with the fields' problems, already worded in `lang`. */
export const invalidRequestIn = (lang: Language, errors: ProblemField[]) =>
  new ProblemException(
    400,
    'invalid-request',
    t(lang, 'api.invalidRequest.title'),
    t(lang, 'api.invalidRequest.detail'),
    { errors },
  );

/** The same 404 for an unknown ballot and a wrong token. */
export const ballotNotFound = (lang: Language) =>
  new ProblemException(404, 'not-found', t(lang, 'api.notFound.title'), t(lang, 'api.ballotNotFound.detail'));

/** The routes a voter (or a voter's app) calls: their problems follow Accept-Language. */
const VOTER_ROUTES = /^\/api\/v1\/(ballot-requests|tracking)(\/|$)|^\/api\/v1\/ballots\/[^/]+\/packet$/;

/**
 * The problems the platform words itself (a body that is not JSON, an invalid request thrown
 * before a route could word it) in the voter's language, on the voter routes.
 */
export function localizeVoterProblem(problem: ProblemBody, req: Request): ProblemBody {
  if (!VOTER_ROUTES.test(req.path ?? '')) return problem;
  const lang = negotiateLanguage(req.headers['accept-language']);
  if (lang === 'en') return problem;
  const out: ProblemBody = { ...problem };
  if (problem.type.endsWith('/invalid-request')) {
    if (problem.title === t('en', 'api.invalidRequest.title'))
      out.title = t(lang, 'api.invalidRequest.title');
    if (problem.detail === t('en', 'api.invalidRequest.detail'))
      out.detail = t(lang, 'api.invalidRequest.detail');
    if (problem.detail === t('en', 'api.invalidJson.detail')) out.detail = t(lang, 'api.invalidJson.detail');
    out.errors = problem.errors?.map((e) =>
      e.code === 'invalid-json' ? { ...e, message: t(lang, 'api.invalidJson.message') } : e,
    );
  } else if (problem.type.endsWith('/not-found') && problem.title === t('en', 'api.notFound.title')) {
    out.title = t(lang, 'api.notFound.title');
  }
  return out;
}
