import { Injectable } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import type { HtmlErrorPage, ProblemBody } from '@uocava/platform';
import { t, type FixedKey, type Language } from '@uocava/domain';
import { WebAssets, type ScriptEntry } from './assets';
import { pageLanguage } from './language';
import { htmlDocument, Layout, type PageChrome } from './layout';

export interface PageSpec {
  title: string;
  area: 'voter' | 'office';
  body: VNode;
  status?: number;
  path?: string;
  office?: PageChrome['office'];
  /** a voter page in every language: its language and the address of the language switch */
  language?: PageChrome['language'];
  /** the page's script; default: the area's (`voter` or `office`) */
  script?: ScriptEntry;
}

/** Renders whole pages with the site's layout and the content-hashed assets. */
@Injectable()
export class Pages {
  constructor(private readonly assets: WebAssets) {}

  html(spec: PageSpec): string {
    return htmlDocument(
      <Layout
        title={spec.title}
        area={spec.area}
        path={spec.path}
        office={spec.office}
        language={spec.language}
        styles={this.assets.url('styles.css')}
        script={this.assets.url(`${spec.script ?? (spec.area === 'office' ? 'office' : 'voter')}.js`)}
      >
        {spec.body}
      </Layout>,
    );
  }

  send(res: Response, spec: PageSpec): void {
    res
      .status(spec.status ?? 200)
      .type('html')
      .send(this.html(spec));
  }
}

const TITLES: Record<number, string> = {
  400: 'The request could not be read',
  401: 'Please sign in',
  403: 'Not allowed',
  404: 'Page not found',
  409: 'This cannot be done now',
  413: 'Too much data',
  429: 'Too many requests',
};
const TITLE_KEYS: Record<number, FixedKey> = {
  400: 'web.error.400',
  401: 'web.error.401',
  403: 'web.error.403',
  404: 'web.error.404',
  409: 'web.error.409',
  413: 'web.error.413',
  429: 'web.error.429',
};

/** An error page's title: the office's in English, the voter's in the page language. */
function errorTitle(problem: ProblemBody, lang: Language | undefined): string {
  if (lang === undefined)
    return TITLES[problem.status] ?? (problem.status >= 500 ? 'Sorry, something went wrong' : problem.title);
  const key = TITLE_KEYS[problem.status];
  return key ? t(lang, key) : problem.status >= 500 ? t(lang, 'web.error.500') : problem.title;
}

function ErrorBody({ problem, lang }: { problem: ProblemBody; lang?: Language }) {
  const title = errorTitle(problem, lang);
  if (lang !== undefined)
    return (
      <>
        <h1>{title}</h1>
        {problem.detail ? <p>{problem.detail}</p> : null}
        {problem.status === 404 ? <p>{t(lang, 'web.error.checkAddress')}</p> : null}
        {problem.status >= 500 ? <p>{t(lang, 'web.error.tryLater')}</p> : null}
        <p>
          <a href="/">{t(lang, 'web.error.home')}</a>
        </p>
      </>
    );
  return (
    <>
      <h1>{title}</h1>
      {problem.detail ? <p>{problem.detail}</p> : null}
      {problem.status === 404 ? <p>Check the address, or start again from the home page.</p> : null}
      {problem.status >= 500 ? <p>Please try again in a few minutes. Nothing you sent was lost.</p> : null}
      <p>
        {problem.status === 401 ? (
          <a href="/office/sign-in">Sign in</a>
        ) : (
          <a href="/office">Back to the overview</a>
        )}
      </p>
    </>
  );
}

/** The address of the page in another language: itself without its `lang` query parameter. */
function switchPathOf(req: Request): string {
  const url = new URL(req.originalUrl ?? '/', 'http://x');
  url.searchParams.delete('lang');
  return `${url.pathname}${url.search}`;
}

/**
 * Errors on web pages (everything outside /api, /health and /assets) as HTML for browsers; a
 * voter's error page is in the page language (docs/web.md, "Languages"), with the switch.
 */
export function gatewayErrorPage(app: NestExpressApplication): HtmlErrorPage {
  return (problem: ProblemBody, req: Request) => {
    const path = req.path ?? '';
    if (/^\/(api|health|assets)(\/|$)/.test(path)) return null;
    if (req.accepts(['json', 'html']) !== 'html') return null;
    const office = path === '/office' || path.startsWith('/office/');
    if (office)
      return app.get(Pages).html({
        title: TITLES[problem.status] ?? 'Error',
        area: 'office',
        body: <ErrorBody problem={problem} />,
      });
    const lang = pageLanguage(req);
    const key = TITLE_KEYS[problem.status];
    return app.get(Pages).html({
      title: key ? t(lang, key) : t(lang, 'web.error.other'),
      area: 'voter',
      language: { current: lang, switchPath: switchPathOf(req) },
      body: <ErrorBody problem={problem} lang={lang} />,
    });
  };
}
