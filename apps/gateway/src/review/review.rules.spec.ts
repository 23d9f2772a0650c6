import { validFpcaExample } from '@uocava/domain';
import { parseApproveBody, parseRejectBody, rollRecordFromRequest } from './review.rules';

const fakeHash = (kind: string, value: string) => `${kind}:${value}`;

describe('review rules', () => {
  it('accepts a link or a registration, not both, not neither', () => {
    expect(parseApproveBody({ rollRecordId: '0b9f5a0e-4a4c-4d43-9a65-2f5d8b8c1a10' })).toEqual({
      ok: true,
      value: { kind: 'link', rollRecordId: '0b9f5a0e-4a4c-4d43-9a65-2f5d8b8c1a10' },
    });
    expect(parseApproveBody({ createRollRecord: { stateVoterId: 'OH-9', precinct: 'p-1' } })).toEqual({
      ok: true,
      value: { kind: 'register', stateVoterId: 'OH-9', precinct: 'p-1' },
    });
    const both = parseApproveBody({
      rollRecordId: '0b9f5a0e-4a4c-4d43-9a65-2f5d8b8c1a10',
      createRollRecord: { stateVoterId: 'X' },
    });
    expect(both.ok).toBe(false);
    expect(parseApproveBody({}).ok).toBe(false);
    expect(parseApproveBody(null).ok).toBe(false);
    expect(parseApproveBody({ rollRecordId: "1' OR 1=1" })).toMatchObject({
      ok: false,
      problems: [{ field: 'rollRecordId' }],
    });
    expect(parseApproveBody({ createRollRecord: { stateVoterId: 'a b', admin: true } })).toMatchObject({
      ok: false,
      problems: [{ field: 'createRollRecord.admin' }, { field: 'createRollRecord.stateVoterId' }],
    });
  });

  it('takes 1-20 known reason codes once each', () => {
    expect(parseRejectBody({ reasons: ['not-on-roll', 'invalid'] })).toEqual({
      ok: true,
      value: ['not-on-roll', 'invalid'],
    });
    expect(parseRejectBody({ reasons: [] }).ok).toBe(false);
    expect(parseRejectBody({ reasons: ['nope'] })).toMatchObject({
      ok: false,
      problems: [{ field: 'reasons.0' }],
    });
    expect(parseRejectBody({ reasons: ['invalid', 'invalid'] }).ok).toBe(false);
    expect(parseRejectBody({ reasons: 'invalid' }).ok).toBe(false);
  });

  it('registers the voter from the FPCA with normalised names and hashed ID only', () => {
    const request = validFpcaExample();
    const record = rollRecordFromRequest(request, { stateVoterId: 'OH-77', precinct: 'p-1' }, fakeHash);
    expect(record).toMatchObject({
      id: 'OH-77',
      dateOfBirth: request.dateOfBirth,
      status: 'active',
      precinct: 'p-1',
      residence: { city: request.votingResidence.city, zip: request.votingResidence.zip },
    });
    expect(JSON.stringify(record)).not.toContain(`"${(request.identification as { value?: string }).value}"`);
    expect(record.driversLicenseHash ?? record.ssn4Hash).toBeDefined();
    const none = rollRecordFromRequest(
      { ...request, identification: { type: 'none', attestNoId: true } },
      { stateVoterId: 'OH-78' },
      fakeHash,
    );
    expect(none.driversLicenseHash).toBeUndefined();
    expect(none.ssn4Hash).toBeUndefined();
  });
});
