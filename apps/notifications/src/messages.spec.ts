import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_TYPES } from '@uocava/contracts';
import { BALLOT_REJECTION_TYPES, CURABLE_REASONS, REASON_CODES, validFpcaExample } from '@uocava/domain';
import {
  composeMessage,
  formatDeadline,
  messageContext,
  NOTICE_KINDS,
  NOTIFICATION_POLICY,
  noticeFor,
  type AnyEvent,
  type Notice,
} from './messages';

const REQ = '7d2c1b0a-9e8f-4a6b-8c5d-3e2f1a0b9c8d';
const BALLOT = '0b7f5a2e-1c3d-4e5f-8a9b-000000000001';
const ELECTION = '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716';
const J = 'us-oh-mahoning';
const AT = '2026-10-20T14:00:00.000Z';
const base = { requestId: REQ, ballotId: BALLOT, jurisdictionId: J, electionId: ELECTION };

/** A whole FPCA, as the worker opens it: everything in it but the first name must stay out of mail. */
const voter = validFpcaExample();
voter.name = { first: 'Jane', middle: 'Quintessa', last: 'Doevansky', suffix: 'Jr' };
voter.previousName = { first: 'Janet', last: 'Smithfield' };
voter.identification = { type: 'drivers-license', value: 'AA999888' };
voter.contact = { email: 'jane.doevansky@example.org', phone: '+49 30 1234567', fax: '+49 30 7654321' };
voter.forwardingAddress = { lines: ['Rue Royale 12'], city: 'Bruxelles', postalCode: '1000', country: 'BE' };
const PERSONAL = [
  voter.name.middle!,
  voter.name.last,
  voter.name.suffix!,
  voter.previousName.first,
  voter.previousName.last,
  voter.dateOfBirth,
  '12 November 1993',
  '11/12/1993',
  'AA999888',
  voter.votingResidence.street,
  voter.votingResidence.city,
  voter.votingResidence.zip,
  ...voter.mailingAddress.lines,
  voter.mailingAddress.city,
  voter.mailingAddress.postalCode!,
  'Rue Royale',
  'Bruxelles',
  voter.contact.email!,
  '1234567',
  '7654321',
];

function ctx(over: Partial<Parameters<typeof messageContext>[0]> = {}) {
  return messageContext({
    pii: voter,
    trackingCode: 'TRK-7K3M-9QXD-2HFA',
    trackingUrl: 'https://ballots.example.org/track?code=TRK-7K3M-9QXD-2HFA',
    ballotDelivery: 'email',
    jurisdictionName: 'Mahoning County',
    office: { email: 'uocava@mahoning.example.gov', phone: '+1 330 555 0100' },
    election: { name: '2026 General Election', utcOffset: '-05:00' },
    packetUrl: `https://ballots.example.org/ballot/${BALLOT}?token=abc123`,
    ...over,
  });
}

/** One notice of every kind (and every reason code where a notice carries reasons). */
const NOTICES: Notice[] = [
  { kind: 'request-received' },
  { kind: 'request-resubmitted' },
  { kind: 'request-needs-review' },
  { kind: 'request-approved' },
  { kind: 'request-rejected', reasons: [...REASON_CODES] },
  { kind: 'ballot-ready', ballotId: BALLOT, electionId: ELECTION },
  { kind: 'ballot-sent', method: 'mail', at: AT, electionId: ELECTION },
  { kind: 'ballot-sent', method: 'fax', at: AT, electionId: ELECTION },
  { kind: 'ballot-returned', receivedAt: AT, timely: true, electionId: ELECTION },
  { kind: 'ballot-returned', receivedAt: AT, timely: false, electionId: ELECTION },
  { kind: 'ballot-accepted', electionId: ELECTION },
  { kind: 'ballot-rejected', reasons: [...BALLOT_REJECTION_TYPES], electionId: ELECTION },
  { kind: 'ballot-rejected', reasons: ['not-timely'], electionId: ELECTION },
  {
    kind: 'cure-requested',
    reasons: [...CURABLE_REASONS],
    deadline: '2026-11-10T22:00:00.000Z',
    electionId: ELECTION,
  },
  { kind: 'ballot-cured', electionId: ELECTION },
  { kind: 'fwab-resolved', disposition: 'counted', electionId: ELECTION },
  { kind: 'fwab-resolved', disposition: 'superseded', reason: 'state-ballot-counted', electionId: ELECTION },
  { kind: 'fwab-resolved', disposition: 'rejected', reason: 'fwab-not-timely', electionId: ELECTION },
  { kind: 'contact-changed', changeId: ELECTION, fields: ['email', 'mailingAddress'] },
  { kind: 'request-cancelled', reason: 'voter-request' },
  { kind: 'ballot-replaced', electionId: ELECTION, reason: 'spoiled' },
];

describe('which events are e-mailed', () => {
  const email = { ballotDelivery: 'email' as const };
  const mail = { ballotDelivery: 'mail' as const };
  const ev = (e: AnyEvent) => e;

  it('covers every notice kind in the fixtures', () => {
    expect(new Set(NOTICES.map((n) => n.kind))).toEqual(new Set(NOTICE_KINDS));
  });

  it('decides every event type of the catalog, and docs/notifications.md says the same', () => {
    const doc = readFileSync(join(__dirname, '../../../docs/notifications.md'), 'utf8');
    for (const type of EVENT_TYPES) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${type}\``));
      expect(row ? type : `${type} missing from docs/notifications.md`).toBe(type);
      const notices = NOTIFICATION_POLICY[type].notices;
      if (notices.length === 0) expect(`${type}: ${row}`).toContain('| no ');
      for (const n of notices) expect(`${type}: ${row}`).toContain(`\`${n}\``);
    }
  });

  it('confirms a request, its review and its rejection; an automatic match is left to the ballot e-mail', () => {
    const requestBase = { requestId: REQ, jurisdictionId: J };
    expect(
      noticeFor(
        ev({
          type: 'uocava.request.submitted.v1',
          data: {
            ...requestBase,
            voterClass: 'active-duty',
            ballotDelivery: 'email',
            mailingCountry: 'DE',
            militaryPost: false,
            source: 'json',
            coversYear: 2026,
            submittedAt: AT,
          },
        }),
        email,
      ),
    ).toEqual({ kind: 'request-received' });
    const verified = (decidedBy: 'automatic' | 'office') =>
      noticeFor(
        ev({ type: 'uocava.request.verified.v1', data: { ...requestBase, decidedBy, decidedAt: AT } }),
        email,
      );
    expect(verified('automatic')).toBeUndefined();
    expect(verified('office')).toEqual({ kind: 'request-approved' });
    // a resubmission: the tracking code goes to the first request's address (not to the sender)
    expect(
      noticeFor(ev({ type: 'uocava.request.duplicate.v1', data: { ...requestBase, receivedAt: AT } }), email),
    ).toEqual({ kind: 'request-resubmitted' });
  });

  it('sends the link only to a voter who asked for the ballot electronically', () => {
    const transmitted = (method: 'email' | 'online' | 'mail' | 'fax') =>
      ev({ type: 'uocava.ballot.transmitted.v1', data: { ...base, method, transmittedAt: AT } });
    expect(noticeFor(transmitted('email'), email)).toEqual({
      kind: 'ballot-ready',
      ballotId: BALLOT,
      electionId: ELECTION,
    });
    expect(noticeFor(transmitted('online'), { ballotDelivery: 'online' })).toMatchObject({
      kind: 'ballot-ready',
    });
    // a mail or fax voter: a notice that it was sent, never the link
    expect(noticeFor(transmitted('mail'), mail)).toEqual({
      kind: 'ballot-sent',
      method: 'mail',
      at: AT,
      electionId: ELECTION,
    });
    expect(noticeFor(transmitted('fax'), { ballotDelivery: 'fax' })).toMatchObject({ kind: 'ballot-sent' });
    expect(noticeFor(transmitted('email'), mail)).toMatchObject({ kind: 'ballot-sent', method: 'email' });
    // an e-mail voter whose office posted the ballot
    expect(noticeFor(transmitted('mail'), email)).toMatchObject({ kind: 'ballot-sent', method: 'mail' });
  });

  it('says nothing about generated packets, receipts, office summaries and elections', () => {
    expect(
      noticeFor(
        ev({
          type: 'uocava.ballot.generated.v1',
          data: {
            ...base,
            ballotStyleId: 's',
            pdfSha256: '0'.repeat(64),
            pageCount: 4,
            paperSize: 'a4',
            missingGlyphs: [],
            generatedAt: AT,
          },
        }),
        email,
      ),
    ).toBeUndefined();
    for (const type of EVENT_TYPES.filter((t) => NOTIFICATION_POLICY[t].notices.length === 0))
      expect(noticeFor({ type, data: {} } as AnyEvent, email)).toBeUndefined();
  });

  it('tells each step of a returned ballot', () => {
    expect(
      noticeFor(
        ev({
          type: 'uocava.ballot.cure-requested.v1',
          data: { ...base, reasons: ['missing-voter-signature'], cureDeadline: AT, decidedAt: AT },
        }),
        mail,
      ),
    ).toEqual({
      kind: 'cure-requested',
      reasons: ['missing-voter-signature'],
      deadline: AT,
      electionId: ELECTION,
    });
    expect(
      noticeFor(
        ev({
          type: 'uocava.ballot.returned.v1',
          data: { ...base, method: 'mail', receivedAt: AT, timely: false },
        }),
        mail,
      ),
    ).toEqual({ kind: 'ballot-returned', receivedAt: AT, timely: false, electionId: ELECTION });
  });
});

describe('e-mail texts', () => {
  it.each(
    NOTICES.map((n) => [`${n.kind}${'reasons' in n ? ` (${n.reasons.length} reasons)` : ''}`, n] as const),
  )('%s: plain, short, addressed by first name, nothing else personal', (_name, notice) => {
    const m = composeMessage(notice, ctx());
    const all = `${m.subject}\n${m.text}`;
    expect(m.text.startsWith('Hello Jane,\n\n')).toBe(true);
    for (const personal of PERSONAL) expect(all).not.toContain(personal);
    expect(all).not.toMatch(/<\/?[a-z][^>]*>/i); // no HTML
    expect(m.subject.length).toBeLessThanOrEqual(78);
    expect(m.subject).not.toContain('\n');
    expect(m.text.split('\n').length).toBeLessThan(45);
    expect(m.text).toContain('TRK-7K3M-9QXD-2HFA');
    expect(m.text).toContain('https://ballots.example.org/track?code=TRK-7K3M-9QXD-2HFA');
    expect(m.text).toContain('Mahoning County Election Office');
    expect(m.text).toContain('uocava@mahoning.example.gov');
    // the link opens the ballot: only in the ballot-ready message
    expect(m.text.includes('token=')).toBe(notice.kind === 'ballot-ready');
  });

  it('puts the packet page link in the ballot-ready message', () => {
    const m = composeMessage({ kind: 'ballot-ready', ballotId: BALLOT, electionId: ELECTION }, ctx());
    expect(m.subject).toBe('Your ballot is ready');
    expect(m.text).toContain(`https://ballots.example.org/ballot/${BALLOT}?token=abc123\n`);
    expect(m.text).toContain('2026 General Election');
  });

  it('says what to fix and by when', () => {
    const m = composeMessage(
      {
        kind: 'cure-requested',
        reasons: ['missing-voter-signature'],
        deadline: '2026-11-10T22:00:00.000Z',
        electionId: ELECTION,
      },
      ctx(),
    );
    expect(m.subject).toBe('Action needed: fix a problem with your ballot by 10 November 2026');
    expect(m.text).toContain('The declaration on your ballot envelope was not signed.');
    expect(m.text).toContain('signed statement');
    expect(m.text).toContain(
      'Deadline: Tuesday 10 November 2026, 22:00 UTC (17:00 at the election office, UTC-05:00).',
    );
  });

  it('gives reasons in plain words and what the voter can do', () => {
    const rejected = composeMessage(
      { kind: 'request-rejected', reasons: ['residence-outside-jurisdiction'] },
      ctx(),
    );
    expect(rejected.text).toContain('The voting residence is not in the area this election office serves.');
    expect(rejected.text).toContain('Federal Write-In Absentee Ballot (FWAB)');
    const ballot = composeMessage(
      { kind: 'ballot-rejected', reasons: ['mismatch-voter-signature'], electionId: ELECTION },
      ctx(),
    );
    expect(ballot.text).toContain('does not match the signature the election office has on file');
    expect(ballot.text).toContain('FWAB');
    const unknown = composeMessage({ kind: 'request-rejected', reasons: ['brand-new-code'] }, ctx());
    expect(unknown.text).toContain('Reason code "brand-new-code"');
  });

  it('tells a mail voter how the ballot comes, without a link', () => {
    const received = composeMessage(
      { kind: 'request-received' },
      ctx({ ballotDelivery: 'mail', packetUrl: undefined }),
    );
    expect(received.text).toContain('will send your ballot by post');
    const sent = composeMessage(
      { kind: 'ballot-sent', method: 'mail', at: AT, electionId: ELECTION },
      ctx({ ballotDelivery: 'mail', packetUrl: undefined }),
    );
    expect(sent.subject).toBe('Your ballot was sent by post');
    expect(sent.text).toContain('on 20 October 2026');
    expect(sent.text).not.toContain('/ballot/');
  });

  it('works without office contact details or election', () => {
    const m = composeMessage(
      { kind: 'ballot-accepted', electionId: ELECTION },
      ctx({ office: undefined, election: undefined }),
    );
    expect(m.text).toContain('Your ballot was accepted and will be counted.');
    expect(m.text).toContain('Mahoning County Election Office\n');
  });
});

describe('deadlines', () => {
  it('in UTC, and at the office when its offset is known (also across midnight)', () => {
    expect(formatDeadline('2026-11-10T22:00:00.000Z')).toBe('Tuesday 10 November 2026, 22:00 UTC');
    expect(formatDeadline('2026-11-11T03:30:00.000Z', '-05:00')).toBe(
      'Wednesday 11 November 2026, 03:30 UTC (22:30 on Tuesday 10 November at the election office, UTC-05:00)',
    );
    expect(formatDeadline('2026-11-10T22:00:00.000Z', 'nonsense')).toBe(
      'Tuesday 10 November 2026, 22:00 UTC',
    );
  });
});

describe('e-mail texts in Spanish (the request language)', () => {
  const es = (over: Partial<Parameters<typeof messageContext>[0]> = {}) => ctx({ language: 'es', ...over });
  /** English words that only an untranslated sentence would carry */
  const ENGLISH = [
    /\bYour\b/,
    /\bthe\b/,
    /election office/,
    /\bballot\b/,
    /Reason code/,
    /\bHello\b/,
    /e-mail/,
  ];

  it.each(NOTICES.map((n) => [n.kind, n] as const))('%s: every word in Spanish', (_kind, notice) => {
    const m = composeMessage(
      notice,
      es({ election: { name: 'Elección General 2026', utcOffset: '-05:00' } }),
    );
    expect(m.text.startsWith('Hola, Jane:\n\n')).toBe(true);
    expect(m.text).toContain('Recibe este correo electrónico porque dio esta dirección');
    for (const word of ENGLISH) {
      expect({ subject: m.subject, match: word.exec(m.subject)?.[0] }).toEqual({ subject: m.subject });
      const prose = m.text.replace(/https?:\/\/\S+/g, '<link>');
      expect({ prose, match: word.exec(prose)?.[0] }).toEqual({ prose });
    }
    for (const p of PERSONAL) expect(m.text).not.toContain(p);
    expect(m.text).not.toBe(composeMessage(notice, ctx()).text);
  });

  it("dates and the deadline in Spanish, at the office's time", () => {
    const m = composeMessage(
      NOTICES.find((n) => n.kind === 'cure-requested')!,
      es(),
    );
    expect(m.subject).toBe(
      'Acción necesaria: corrija un problema con su boleta antes del 10 de noviembre de 2026',
    );
    expect(m.text).toContain(
      'Fecha límite: martes, 10 de noviembre de 2026, 22:00 UTC (17:00 en la oficina electoral, UTC-05:00).',
    );
    const sent = composeMessage({ kind: 'ballot-sent', method: 'mail', at: AT, electionId: ELECTION }, es());
    expect(sent.subject).toBe('Su boleta se envió por correo postal');
    expect(sent.text).toContain('por correo postal el 20 de octubre de 2026.');
  });

  it("the office's name when it has none of its own, and its contact lines", () => {
    const m = composeMessage({ kind: 'request-received' }, es());
    expect(m.text).toContain(
      'Oficina Electoral de Mahoning County\nCorreo electrónico: uocava@mahoning.example.gov',
    );
    expect(m.text).toContain('Teléfono: +1 330 555 0100');
  });
});
