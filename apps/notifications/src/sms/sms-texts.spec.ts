import {
  BALLOT_REJECTION_TYPES,
  CURABLE_REASONS,
  REASON_CODES,
  validFpcaExample,
  type Language,
} from '@uocava/domain';
import { messageContext, NOTICE_KINDS, type Notice } from '../messages';
import { composeSms, smsDeadline, smsSegments } from './sms-texts';

const BALLOT = '0b7f5a2e-1c3d-4e5f-8a9b-000000000001';
const ELECTION = '5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716';
const AT = '2026-10-20T14:00:00.000Z';
const TRACKING = 'https://ballots.example.org/track?code=TRK-7K3M-9QXD-2HFA';
/** a packet link as long as a real one: a 36-character ballot id and a 43-character token */
const PACKET = `https://ballots.example.org/ballot/${BALLOT}?token=${'A1b2C3d4E5'.repeat(4)}xyz`;

/** A whole FPCA with an SMS opt-in: nothing of it may go in a text, not even the first name. */
const voter = validFpcaExample();
voter.name = { first: 'Jane', middle: 'Quintessa', last: 'Doevansky', suffix: 'Jr' };
voter.identification = { type: 'drivers-license', value: 'AA999888' };
voter.contact = {
  email: 'jane.doevansky@example.org',
  phone: '+49 30 1234567',
  mobile: '+491701234567',
  smsOptIn: true,
};
const PERSONAL = [
  voter.name.first,
  voter.name.middle!,
  voter.name.last,
  voter.dateOfBirth,
  'AA999888',
  voter.votingResidence.street,
  voter.votingResidence.city,
  voter.votingResidence.zip,
  ...voter.mailingAddress.lines,
  voter.mailingAddress.city,
  voter.contact.email!,
  '1701234567',
  '1234567',
];

function ctx(language: Language, over: Partial<Parameters<typeof messageContext>[0]> = {}) {
  return messageContext({
    pii: voter,
    trackingCode: 'TRK-7K3M-9QXD-2HFA',
    trackingUrl: TRACKING,
    ballotDelivery: 'email',
    language,
    jurisdictionName: 'Mahoning County',
    office: { email: 'uocava@mahoning.example.gov', phone: '+1 330 555 0100' },
    election: { name: '2026 General Election', utcOffset: '-05:00' },
    packetUrl: PACKET,
    ...over,
  });
}

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

describe('text messages (SMS)', () => {
  it('has a text for every notice kind the e-mail has', () => {
    expect(new Set(NOTICES.map((n) => n.kind))).toEqual(new Set(NOTICE_KINDS));
  });

  for (const language of ['en', 'es'] as const) {
    describe(language, () => {
      const texts = NOTICES.map((n) => ({ notice: n, text: composeSms(n, ctx(language)) }));

      it('starts with the office name and carries one link: the packet page for a ready ballot, else the tracking page', () => {
        const office =
          language === 'es' ? 'Oficina Electoral de Mahoning County: ' : 'Mahoning County Election Office: ';
        for (const { notice, text } of texts) {
          expect(text.startsWith(office)).toBe(true);
          const links = text.match(/https:\/\/\S+/g) ?? [];
          expect([notice.kind, links]).toEqual([
            notice.kind,
            [notice.kind === 'ballot-ready' ? PACKET : TRACKING],
          ]);
        }
      });

      it('contains nothing personal: no name (not even the first), date of birth, ID, address, e-mail or number', () => {
        for (const { text } of texts) for (const p of PERSONAL) expect(text).not.toContain(p);
      });

      it('keeps to GSM-7 and one 160-character message (two for the long packet link)', () => {
        for (const { notice, text } of texts) {
          const s = smsSegments(text);
          expect([notice.kind, s.encoding]).toEqual([notice.kind, 'gsm7']);
          expect([notice.kind, text, s.segments]).toEqual([
            notice.kind,
            text,
            notice.kind === 'ballot-ready' ? 2 : 1,
          ]);
        }
      });
    });
  }

  it("writes in the request's language", () => {
    const es = NOTICES.map((n) => composeSms(n, ctx('es')));
    for (const text of es)
      expect(text.replace(/https:\/\/\S+/g, '')).not.toMatch(/\b(Your|ballot|request|We)\b/);
    expect(composeSms({ kind: 'request-received' }, ctx('es'))).toContain(
      'Recibimos su solicitud de boleta.',
    );
    expect(composeSms({ kind: 'request-received' }, ctx('en'))).toContain('Reply STOP to end texts.');
    expect(composeSms(NOTICES[6], ctx('es'))).toContain(
      'Enviamos su boleta por correo postal el 20 de octubre de 2026',
    );
  });

  it('says what differs between notices of one kind: timely or late, post or fax, the cure deadline in UTC', () => {
    expect(composeSms(NOTICES[8], ctx('en'))).toContain('arrived in time');
    expect(composeSms(NOTICES[9], ctx('en'))).toContain('too late to be counted');
    expect(composeSms(NOTICES[7], ctx('en'))).toContain('sent by fax on 20 October 2026');
    expect(composeSms(NOTICES[12], ctx('en'))).toContain('by 2026-11-10 22:00 UTC');
    expect(smsDeadline('2026-11-10T17:00:00-05:00')).toBe('2026-11-10 22:00 UTC');
  });

  it("cuts a long office name, and uses the office's own name when it has one", () => {
    const long =
      'Board of Elections of the County of Mahoning, State of Ohio, Uniformed and Overseas Voters Desk';
    const text = composeSms(
      { kind: 'ballot-accepted', electionId: ELECTION },
      ctx('en', { office: { name: long } }),
    );
    expect(text.startsWith('Board of Elections of the County of: Your ballot was accepted')).toBe(true);
    expect(smsSegments(text).length).toBeLessThanOrEqual(160);
  });

  it('counts GSM-7 and UCS-2 lengths and segments', () => {
    expect(smsSegments('a'.repeat(160))).toEqual({ encoding: 'gsm7', length: 160, segments: 1 });
    expect(smsSegments('a'.repeat(161))).toEqual({ encoding: 'gsm7', length: 161, segments: 2 });
    expect(smsSegments('€'.repeat(80))).toEqual({ encoding: 'gsm7', length: 160, segments: 1 });
    expect(smsSegments('está')).toEqual({ encoding: 'ucs2', length: 4, segments: 1 });
    expect(smsSegments('á'.repeat(71))).toEqual({ encoding: 'ucs2', length: 71, segments: 2 });
  });
});
