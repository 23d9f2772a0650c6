import type { ComponentChildren, VNode } from 'preact';
import { render } from 'preact-render-to-string';
import { LANGUAGE_NAMES, LANGUAGES, t, type Language, type OfficeRole } from '@uocava/domain';

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
  /**
   * A voter page translated into every language: its language (`<html lang>`, every word) and
   * the address the language switch links to (`?lang=` is added). Pages without it are English.
   */
  language?: { current: Language; switchPath: string };
}

const voterNav = (lang: Language): Array<[string, string]> => [
  ['/request', t(lang, 'web.nav.request')],
  ['/track', t(lang, 'web.nav.track')],
];

/** Links to the page in each other language, each named in its own language. */
function LanguageSwitch({ current, switchPath }: { current: Language; switchPath: string }) {
  return (
    <nav aria-label={t(current, 'web.language.label')} class="language-switch">
      <ul class="nav">
        {LANGUAGES.filter((l) => l !== current).map((l) => (
          <li key={l}>
            <a
              href={`${switchPath}${switchPath.includes('?') ? '&' : '?'}lang=${l}`}
              lang={l}
              hreflang={l}
              data-language={l}
            >
              {LANGUAGE_NAMES[l]}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
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

function Nav({
  links,
  path,
  label = 'Main',
}: {
  links: Array<[string, string]>;
  path?: string;
  label?: string;
}) {
  return (
    <nav aria-label={label}>
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
  const lang: Language = props.language?.current ?? 'en';
  const siteName = t(lang, 'web.siteName');
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <title>{`${props.title} — ${office ? 'Election office' : siteName}`}</title>
        <link rel="stylesheet" href={props.styles} />
        {props.script ? <script type="module" src={props.script} /> : null}
      </head>
      <body class={office ? 'office' : 'voter'}>
        <a class="skip-link" href="#main">
          {t(lang, 'web.skipLink')}
        </a>
        <header class="site-header">
          <div class="width">
            <a class="site-name" href={office ? '/office' : '/'}>
              {office ? 'Election office' : siteName}
            </a>
            {!office && props.language ? <LanguageSwitch {...props.language} /> : null}
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
              <Nav links={voterNav(lang)} path={props.path} label={t(lang, 'web.nav.label')} />
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
              <p>{t(lang, 'web.footer')}</p>
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
