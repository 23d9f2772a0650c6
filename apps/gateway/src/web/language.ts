/**
 * The language of a voter's page: `?lang=` (the language switch on every page, which also sets
 * the `lang` cookie), else the `lang` cookie, else the browser's Accept-Language. docs/web.md,
 * "Languages".
 */
import type { Request, Response } from 'express';
import { parse as parseCookies, serialize as serializeCookie } from 'cookie';
import { isLanguage, negotiateLanguage, type Language } from '@uocava/domain';
import { publicBaseUrl } from '@uocava/packets';

export const LANGUAGE_COOKIE = 'lang';

export function pageLanguage(req: Pick<Request, 'headers' | 'query'>): Language {
  const asked = req.query?.lang;
  if (isLanguage(asked)) return asked;
  const cookie = parseCookies(req.headers.cookie ?? '')[LANGUAGE_COOKIE];
  if (isLanguage(cookie)) return cookie;
  return negotiateLanguage(req.headers['accept-language']);
}

/** Remembers a language the voter chose with the switch (not personal data: a preference). */
export function rememberLanguage(req: Pick<Request, 'query'>, res: Response): void {
  const asked = req.query?.lang;
  if (!isLanguage(asked)) return;
  res.append(
    'Set-Cookie',
    serializeCookie(LANGUAGE_COOKIE, asked, {
      path: '/',
      sameSite: 'lax',
      httpOnly: true,
      secure: publicBaseUrl().startsWith('https://'),
      maxAge: 365 * 24 * 3600,
    }),
  );
}
