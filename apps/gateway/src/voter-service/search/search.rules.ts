/**
 * The voter search's query, checked without I/O: exactly one way of looking, either a tracking
 * code, a request id, or last name + first name + date of birth (all three).
 */
import type { InputProblem, InputResult } from '@uocava/contracts/http';

export type SearchQuery =
  | { by: 'trackingCode'; trackingCode: string }
  | { by: 'requestId'; requestId: string }
  | { by: 'name'; lastName: string; firstName: string; dateOfBirth: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CODE = /^[A-Za-z0-9-]{4,64}$/;
const NAME_FIELDS = ['lastName', 'firstName', 'dateOfBirth'] as const;

const problem = (field: string, code: string, message: string): InputProblem => ({
  field,
  pointer: `/${field}`,
  code,
  message,
});

function isRealDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function parseSearchQuery(query: Record<string, unknown>): InputResult<SearchQuery> {
  const text = (k: string): string | undefined => {
    const v = query[k];
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
  };
  const problems: InputProblem[] = [];
  for (const [k, v] of Object.entries(query))
    if (typeof v !== 'string') problems.push(problem(k, 'type', 'Give this parameter once, as text.'));
  if (problems.length) return { ok: false, problems };
  const trackingCode = text('trackingCode');
  const requestId = text('requestId');
  const named = NAME_FIELDS.filter((f) => text(f) !== undefined);
  const ways = [trackingCode, requestId, named.length ? 'name' : undefined].filter(Boolean).length;
  if (ways !== 1)
    return {
      ok: false,
      problems: [
        problem(
          'query',
          ways ? 'ambiguous' : 'required',
          'Search by exactly one of: trackingCode, requestId, or lastName + firstName + dateOfBirth.',
        ),
      ],
    };
  if (trackingCode !== undefined)
    return CODE.test(trackingCode)
      ? { ok: true, value: { by: 'trackingCode', trackingCode } }
      : { ok: false, problems: [problem('trackingCode', 'format', 'Not a tracking code.')] };
  if (requestId !== undefined)
    return UUID.test(requestId)
      ? { ok: true, value: { by: 'requestId', requestId: requestId.toLowerCase() } }
      : { ok: false, problems: [problem('requestId', 'format', 'A request id is a UUID.')] };
  for (const f of NAME_FIELDS)
    if (text(f) === undefined) problems.push(problem(f, 'required', 'Needed for a search by name.'));
  const dob = text('dateOfBirth');
  if (dob !== undefined && !isRealDate(dob))
    problems.push(problem('dateOfBirth', 'format', 'A date as YYYY-MM-DD.'));
  if (problems.length) return { ok: false, problems };
  return {
    ok: true,
    value: { by: 'name', lastName: text('lastName')!, firstName: text('firstName')!, dateOfBirth: dob! },
  };
}
