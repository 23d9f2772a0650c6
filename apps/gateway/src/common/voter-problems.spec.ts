import type { Request } from 'express';
import { invalidRequest, notFound, type ProblemBody } from '@uocava/platform';
import { ballotNotFound, invalidRequestIn, localizeVoterProblem } from './voter-problems';

const req = (path: string, acceptLanguage?: string) =>
  ({ path, headers: acceptLanguage ? { 'accept-language': acceptLanguage } : {} }) as unknown as Request;
const body = (e: { getResponse(): unknown }) => e.getResponse() as ProblemBody;

describe('voter problems in the voter language', () => {
  it('words the platform problems of voter routes in Spanish, keeping type and codes', () => {
    const p = body(invalidRequest([{ field: 'x', pointer: '/x', code: 'required', message: 'm' }]));
    const es = localizeVoterProblem(p, req('/api/v1/ballot-requests', 'es-MX,es;q=0.9'));
    expect(es).toMatchObject({
      type: p.type,
      title: 'Su solicitud tiene problemas',
      detail: 'Algunos campos necesitan su atención.',
      errors: [{ code: 'required' }],
    });
    expect(localizeVoterProblem(body(notFound('X')), req('/api/v1/tracking/TRK-1', 'es')).title).toBe(
      'No encontrado',
    );
  });

  it('leaves English, and the office routes, as they are', () => {
    const p = body(invalidRequest([]));
    expect(localizeVoterProblem(p, req('/api/v1/ballot-requests', 'en'))).toBe(p);
    expect(localizeVoterProblem(p, req('/api/v1/office/elections', 'es'))).toBe(p);
  });

  it('builds the routes own problems in the language', () => {
    expect(body(invalidRequestIn('es', [])).title).toBe('Su solicitud tiene problemas');
    expect(body(ballotNotFound('es')).detail).toMatch(/^Este enlace de boleta no funciona/);
    expect(body(ballotNotFound('en')).detail).toMatch(/^This ballot link does not work/);
  });
});
