import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import type { OfficeRole } from '@uocava/domain';

/** What every page needs from the server besides its own content. */
export interface PageChrome {
  /** the page's own title; the site name is appended */
  title: string;
  /** asset URLs (content-hashed) */
  styles: string;
  script?: string;
  area: 'voter' | 'office';
  /** the signed-in office user, on office pages */
  office?: { jurisdictionName: string; role: OfficeRole; csrf: string; displayName?: string };
  /** the current path, to mark the current navigation link */
  path?: string;
}

export const SITE_NAME = 'Ballots for overseas and military voters';

const VOTER_NAV: Array<[string, string]> = [
  ['/request', 'Request a ballot'],
  ['/track', 'Track your ballot'],
];
const OFFICE_NAV: Array<[string, string]> = [
  ['/office', 'Overview'],
  ['/office/review', 'Review'],
  ['/office/voter-service', 'Voter service'],
  ['/office/returns', 'Returns'],
  ['/office/ballots', 'Decisions'],
  ['/office/work-queue', 'Mail and fax'],
  ['/office/print-batches', 'Print batches'],
  ['/office/reports', 'Reports'],
];

function Nav({ links, path }: { links: Array<[string, string]>; path?: string }) {
  return (
    <nav aria-label="Main">
      <ul class="nav">
        {links.map(([href, label]) => (
          <li key={href}>
            <a href={href} aria-current={path === href ? 'page' : undefined}>
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function Layout(props: PageChrome & { children: ComponentChildren }) {
  const office = props.area === 'office';
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} — ${office ? 'Election office' : SITE_NAME}`}</title>
        <link rel="stylesheet" href={props.styles} />
        {props.script ? <script type="module" src={props.script} /> : null}
      </head>
      <body class={office ? 'office' : 'voter'}>
        <a class="skip-link" href="#main">
          Skip to main content
        </a>
        <header class="site-header">
          <div class="width">
            <a class="site-name" href={office ? '/office' : '/'}>
              {office ? 'Election office' : SITE_NAME}
            </a>
            {office && props.office ? (
              <div class="signed-in">
                <span>
                  {props.office.displayName ? `${props.office.displayName} · ` : ''}
                  {props.office.jurisdictionName} · {props.office.role}
                </span>
                <form method="post" action="/office/sign-out" class="inline">
                  <input type="hidden" name="_csrf" value={props.office.csrf} />
                  <button type="submit" class="link-button">
                    Sign out
                  </button>
                </form>
              </div>
            ) : null}
          </div>
          <div class="width">
            {office ? (
              props.office ? (
                <Nav
                  links={
                    props.office.role === 'admin' ? [...OFFICE_NAV, ['/office/staff', 'Staff']] : OFFICE_NAV
                  }
                  path={props.path}
                />
              ) : null
            ) : (
              <Nav links={VOTER_NAV} path={props.path} />
            )}
          </div>
        </header>
        <main id="main" class="width" tabindex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="width">
            {office ? (
              <p>Every action is recorded in the office's audit trail.</p>
            ) : (
              <p>
                Nothing on these pages comes from another website. Your ballot choices are never sent to us:
                you mark your ballot on paper.
              </p>
            )}
          </div>
        </footer>
      </body>
    </html>
  );
}

/** A whole HTML document. Preact escapes every text and attribute value. */
export function htmlDocument(page: VNode): string {
  return `<!doctype html>${render(page)}`;
}
