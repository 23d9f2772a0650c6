/**
 * Verification decisions per second.
 * - verification.verify-request: the pure `verifyRequest` (eligibility + roll matching with the
 *   keyed hash of the ID) against realistic candidates: a 1,000,000-voter roll spread over ~27,000
 *   dates of birth gives ~37 roll records per date of birth, the set the worker loads per request.
 * - verification.open-and-verify: the same plus opening every sealed same-birth-date candidate
 *   (AES-256-GCM), as the worker did before it looked records up by last name too.
 * - verification.keyed-open-and-verify: the worker's path now: the keyed hashes of the date of
 *   birth and of the request's last names, the records with those keys (the `voter_roll_lookup`
 *   index does this in Postgres; here a filter on the stored key), only those opened, then
 *   verifyRequest.
 * Candidates' names come from 100 last names x 10 first names, so that (as on a real roll) a
 * voter rarely shares name and birth date with another: 7 in 10 requests are on the roll with
 * the right ID and mostly verify; the rest are not on the roll.
 * Baseline, same run: the keyed hash (HMAC-SHA-256) of the request's ID number alone, the least
 * work any roll match must do.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { performance } from 'perf_hooks';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { JurisdictionKeys, rollIdHasher } from '@uocava/database';
import {
  candidateLastNames,
  normaliseName,
  validFpcaExample,
  verifyRequest,
  type IsoDate,
  type RollRecord,
} from '@uocava/domain';

import { ratioFigure, type Benchmark } from './harness';

const REQUESTS = Number(process.env.BENCH_VERIFY_REQUESTS ?? 20_000);
const CANDIDATES_PER_DOB = 37;
const FIRST = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'José', 'Zoë'];
const LAST = [
  'Smith',
  'Johnson',
  'Williams',
  'Brown',
  'Jones',
  'García',
  'Miller',
  'Davis',
  "O'Brien",
  'Nguyen',
];

const PREFIXES = ['', 'Mc', 'Van ', 'De ', 'St ', 'Fitz', 'Mac', 'Le ', 'Del ', 'Ben '];

interface Case {
  request: BallotRequestInput;
  candidates: RollRecord[];
  /** the sealed records with the keyed hash of their normalised last name, as voter_roll stores them */
  sealed: Array<{ id: string; pii: Buffer; lastNameKey: string }>;
}

function cases(keys: JurisdictionKeys, count: number): Case[] {
  const hash = rollIdHasher(keys);
  let seed = 0x7e57;
  const next = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const out: Case[] = [];
  for (let i = 0; i < count; i++) {
    const dob =
      `${1940 + next(60)}-${String(1 + next(12)).padStart(2, '0')}-${String(1 + next(28)).padStart(2, '0')}` as IsoDate;
    const candidates: RollRecord[] = [];
    for (let c = 0; c < CANDIDATES_PER_DOB; c++) {
      const record: RollRecord = {
        id: `OH${i}-${c}`,
        firstName: normaliseName(FIRST[next(10)]),
        lastName: normaliseName(`${PREFIXES[next(10)]}${LAST[next(10)]}`),
        dateOfBirth: dob,
        residence: { street: `${next(9999)} Market St`, city: 'Youngstown', state: 'OH', zip: '44505' },
        county: 'Mahoning',
        status: 'active',
      };
      if (next(5))
        record.driversLicenseHash = hash('drivers-license', `OH${String(next(1e8)).padStart(8, '0')}`);
      candidates.push(record);
    }
    const request = validFpcaExample();
    request.dateOfBirth = dob;
    request.affirmation.signedOn = '2026-02-20' as IsoDate;
    // mostly the voter is on the roll with the right ID; some are not, or give another ID
    const kind = next(10);
    const dl = `OH${String(next(1e8)).padStart(8, '0')}`;
    if (kind < 7) {
      const me = candidates[next(CANDIDATES_PER_DOB)];
      me.driversLicenseHash = hash('drivers-license', dl);
      request.name = { first: me.firstName, last: me.lastName };
    } else {
      request.name = { first: 'Olga', last: `Outsider${i}` };
    }
    request.identification = { type: 'drivers-license', value: dl };
    const sealed = candidates.map((c, j) => ({
      id: `${i}-${j}`,
      pii: keys.sealJson(`roll:${i}-${j}`, c),
      lastNameKey: keys.keyedHash('last-name', c.lastName),
    }));
    out.push({ request, candidates, sealed });
  }
  return out;
}

const ctx = {
  jurisdiction: { id: 'bench', state: 'OH', county: 'Mahoning' },
  electionDate: '2026-11-03' as IsoDate,
  today: '2026-03-01' as IsoDate,
};

const bench: Benchmark = {
  name: 'verification',
  needs: [],
  async run(report) {
    const keys = new JurisdictionKeys('bench', randomBytes(32));
    const hash = rollIdHasher(keys);
    const all = cases(keys, REQUESTS);
    const params = { requests: REQUESTS, candidatesPerRequest: CANDIDATES_PER_DOB };

    // warm-up
    for (const c of all.slice(0, 500)) verifyRequest(c.request, c.candidates, hash, ctx);

    const hmacKey = randomBytes(32);
    let t0 = performance.now();
    let sink = 0;
    for (const c of all) {
      const id = c.request.identification as { value: string };
      sink += createHmac('sha256', hmacKey).update(id.value).digest()[0];
    }
    const baseline = REQUESTS / ((performance.now() - t0) / 1000);
    report({
      name: 'verification.hmac-only',
      metric: 'decisions_per_second',
      value: Math.round(baseline),
      unit: 'decisions/s',
      params: { ...params, sink },
    });

    const outcomes: Record<string, number> = {};
    t0 = performance.now();
    for (const c of all) {
      const d = verifyRequest(c.request, c.candidates, hash, ctx);
      outcomes[d.outcome] = (outcomes[d.outcome] ?? 0) + 1;
    }
    const pure = REQUESTS / ((performance.now() - t0) / 1000);
    report(
      ratioFigure(
        {
          name: 'verification.verify-request',
          metric: 'decisions_per_second',
          value: Math.round(pure),
          unit: 'decisions/s',
          params: { ...params, outcomes },
        },
        { name: 'verification.hmac-only', value: Math.round(baseline) },
      ),
    );

    t0 = performance.now();
    for (const c of all) {
      const candidates = c.sealed.map((s) => keys.openJson<RollRecord>(`roll:${s.id}`, s.pii));
      verifyRequest(c.request, candidates, hash, ctx);
    }
    const opened = REQUESTS / ((performance.now() - t0) / 1000);
    report(
      ratioFigure(
        {
          name: 'verification.open-and-verify',
          metric: 'decisions_per_second',
          value: Math.round(opened),
          unit: 'decisions/s',
          params,
        },
        { name: 'verification.hmac-only', value: Math.round(baseline) },
      ),
    );

    let openedRecords = 0;
    const keyedOutcomes: Record<string, number> = {};
    t0 = performance.now();
    for (const c of all) {
      keys.keyedHash('dob', c.request.dateOfBirth); // the worker's look-up key (the index finds the rows)
      const lastKeys = new Set(candidateLastNames(c.request).map((l) => keys.keyedHash('last-name', l)));
      const found = c.sealed.filter((s) => lastKeys.has(s.lastNameKey));
      openedRecords += found.length;
      const candidates = found.map((s) => keys.openJson<RollRecord>(`roll:${s.id}`, s.pii));
      const d = verifyRequest(c.request, candidates, hash, ctx);
      keyedOutcomes[d.outcome] = (keyedOutcomes[d.outcome] ?? 0) + 1;
    }
    const keyed = REQUESTS / ((performance.now() - t0) / 1000);
    report(
      ratioFigure(
        {
          name: 'verification.keyed-open-and-verify',
          metric: 'decisions_per_second',
          value: Math.round(keyed),
          unit: 'decisions/s',
          params: {
            ...params,
            openedPerRequest: Number((openedRecords / REQUESTS).toFixed(2)),
            outcomes: keyedOutcomes,
            openingEverySameDobCandidate: Math.round(opened),
          },
        },
        { name: 'verification.hmac-only', value: Math.round(baseline) },
      ),
    );
  },
};

export default bench;
