import { Injectable } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Request, Response } from 'express';
import type { VNode } from 'preact';
import type { HtmlErrorPage, ProblemBody } from '@uocava/platform';
import { WebAssets, type ScriptEntry } from './assets';
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

function ErrorBody({ problem, office }: { problem: ProblemBody; office: boolean }) {
  const title =
    TITLES[problem.status] ?? (problem.status >= 500 ? 'Sorry, something went wrong' : problem.title);
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
          <a href={office ? '/office' : '/'}>{office ? 'Back to the overview' : 'Go to the home page'}</a>
        )}
      </p>
    </>
  );
}

/** Errors on web pages (everything outside /api, /health and /assets) as HTML for browsers. */
export function gatewayErrorPage(app: NestExpressApplication): HtmlErrorPage {
  return (problem: ProblemBody, req: Request) => {
    const path = req.path ?? '';
    if (/^\/(api|health|assets)(\/|$)/.test(path)) return null;
    if (req.accepts(['json', 'html']) !== 'html') return null;
    const office = path === '/office' || path.startsWith('/office/');
    return app.get(Pages).html({
      title: TITLES[problem.status] ?? 'Error',
      area: office ? 'office' : 'voter',
      body: <ErrorBody problem={problem} office={office} />,
    });
  };
}
