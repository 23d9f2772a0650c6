/**
 * Voter service end to end (apps as separate processes): the office finds a voter's request by
 * tracking code, by request id and by name + date of birth (through the keyed voter index), only
 * in its own jurisdiction; each record opened is audited with the person who searched.
 */
import { Client } from 'pg';
import type { IsoDate } from '@uocava/domain';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { createOffice, officeContext, ownerDatabaseUrl, type TestOffice } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

interface Found {
  requestId: string;
  trackingCode: string;
  status: string;
  request: BallotRequestInput;
}

describe('voter service: search', () => {
  let stack: ProcessStack;
  let mahoning: TestOffice;
  let trumbull: TestOffice;
  let auditorKeyId: string;
  let db: Client;
  let voter: { requestId: string; trackingCode: string };
  let other: { requestId: string; trackingCode: string };

  beforeAll(async () => {
    const m = await createOffice({ prefix: 'vs', roles: ['clerk', 'auditor'] });
    const t = await createOffice({
      prefix: 'vs',
      roles: ['clerk', 'auditor'],
      name: 'Trumbull County',
      state: 'OH',
      county: 'Trumbull',
    });
    auditorKeyId = m.keyIds.auditor!;
    db = new Client({ connectionString: ownerDatabaseUrl() });
    await db.connect();
    stack = await startProcessStack();
    mahoning = officeContext(stack.baseUrl, m);
    trumbull = officeContext(stack.baseUrl, t);
    const submit = async (office: TestOffice, first: string) => {
      const res = await office.submitFpca(
        office.fpca((v) => {
          v.name = { first, last: 'Searchwell' };
          v.dateOfBirth = '1984-07-09' as IsoDate;
        }),
      );
      expect(res.status).toBe(202);
      return (await res.json()) as { requestId: string; trackingCode: string };
    };
    voter = await submit(mahoning, 'Ines');
    // the same person in another county: never found from Mahoning
    other = await submit(trumbull, 'Ines');
  }, 180000);

  afterAll(async () => {
    await db?.end();
    await stack?.stop();
  });

  const search = async (
    office: TestOffice,
    query: Record<string, string>,
    role: 'clerk' | 'auditor' = 'auditor',
  ) => {
    const res = await office.get(`/voter-service/search?${new URLSearchParams(query).toString()}`, {}, role);
    expect(res.status).toBe(200);
    return ((await res.json()) as { items: Found[] }).items;
  };

  it('finds exactly the voter by each key, only in its own jurisdiction', async () => {
    const byCode = await search(mahoning, { trackingCode: voter.trackingCode });
    const byId = await search(mahoning, { requestId: voter.requestId });
    // case, accents and spacing do not matter, as for the duplicate check
    const byName = await search(mahoning, {
      lastName: ' SEARCHWELL ',
      firstName: 'Inés',
      dateOfBirth: '1984-07-09',
    });
    for (const items of [byCode, byId, byName]) {
      expect(items.map((i) => i.requestId)).toEqual([voter.requestId]);
      expect(items[0].request.name).toEqual({ first: 'Ines', last: 'Searchwell' });
      expect(items[0].trackingCode).toBe(voter.trackingCode);
    }
    expect(
      await search(mahoning, { lastName: 'Searchwell', firstName: 'Ines', dateOfBirth: '1984-07-10' }),
    ).toEqual([]);
    // row-level security: Trumbull's clerk sees only Trumbull's request
    expect(await search(trumbull, { trackingCode: voter.trackingCode }, 'clerk')).toEqual([]);
    expect(await search(trumbull, { requestId: voter.requestId }, 'clerk')).toEqual([]);
    const there = await search(
      trumbull,
      { lastName: 'Searchwell', firstName: 'Ines', dateOfBirth: '1984-07-09' },
      'clerk',
    );
    expect(there.map((i) => i.requestId)).toEqual([other.requestId]);
  });

  it('refuses a bad search naming each field', async () => {
    const res = await mahoning.get('/voter-service/search?lastName=Searchwell&dateOfBirth=1984-02-30');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const body = (await res.json()) as {
      errors?: Array<{ field: string }>;
      invalidParams?: Array<{ name: string }>;
    };
    expect(JSON.stringify(body)).toContain('firstName');
    expect(JSON.stringify(body)).toContain('dateOfBirth');
  });

  it('audits the search and each record opened with the caller', async () => {
    const { rows } = await db.query<{ action: string; role: string }>(
      `SELECT action, role FROM audit_log WHERE key_id = $1 AND (target = $2 OR action = 'voter-service.search')`,
      [auditorKeyId, `ballot-request:${voter.requestId}`],
    );
    const actions = rows.map((r) => r.action);
    expect(actions.filter((a) => a === 'ballot-request.open').length).toBe(3);
    expect(actions).toContain('voter-service.search');
    expect(rows.every((r) => r.role === 'auditor')).toBe(true);
  });
});
