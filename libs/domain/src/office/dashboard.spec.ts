import fc from 'fast-check';
import type { ElectionId } from '../ids';
import { BALLOT_DELIVERY_METHODS, BALLOT_STATUSES, REQUEST_STATUSES, VOTER_CLASSES } from '../vocabulary';
import { BALLOT_REJECTION_TYPES } from './eavs-vocabulary';
import { dashboardCounts, type DashboardRow } from './dashboard';

const e1 = '11111111-1111-4111-8111-111111111111' as ElectionId;
const e2 = '22222222-2222-4222-8222-222222222222' as ElectionId;

describe('dashboardCounts', () => {
  it('counts per election', () => {
    const rows: DashboardRow[] = [
      {
        electionId: e1,
        requestStatus: 'verified',
        voterClass: 'active-duty',
        deliveryMethod: 'email',
        mailingCountry: 'DE',
        ballot: { status: 'accepted', returned: true, returnTimely: true },
      },
      {
        electionId: e1,
        requestStatus: 'verified',
        voterClass: 'citizen-abroad-intent-to-return',
        deliveryMethod: 'mail',
        mailingCountry: 'JP',
        ballot: { status: 'rejected', returned: true, returnTimely: false, rejectionReasons: ['not-timely'] },
      },
      {
        electionId: e1,
        requestStatus: 'verified',
        voterClass: 'active-duty',
        deliveryMethod: 'email',
        mailingCountry: 'DE',
        ballot: { status: 'rejected', returned: false, rejectionReasons: ['undeliverable', 'undeliverable'] },
      },
      { electionId: e1, requestStatus: 'needs-review', voterClass: 'active-duty' },
      {
        electionId: e2,
        requestStatus: 'verified',
        voterClass: 'active-duty',
        deliveryMethod: 'fax',
        ballot: { status: 'transmitted', returned: false },
      },
    ];
    const [a, b] = dashboardCounts(rows);
    expect(a).toEqual({
      electionId: e1,
      requests: 4,
      byRequestStatus: { verified: 3, 'needs-review': 1 },
      byVoterClass: { 'active-duty': 3, 'citizen-abroad-intent-to-return': 1 },
      byDeliveryMethod: { email: 2, mail: 1, unknown: 1 },
      byMailingCountry: { DE: 2, JP: 1, unknown: 1 },
      ballots: {
        byStatus: { accepted: 1, rejected: 2 },
        returned: 2,
        returnedOnTime: 1,
        returnedLate: 1,
        accepted: 1,
        rejected: 2,
        rejectedByReason: { 'not-timely': 1, undeliverable: 1 },
      },
    });
    expect(b).toMatchObject({
      electionId: e2,
      requests: 1,
      ballots: { byStatus: { transmitted: 1 }, returned: 0 },
    });
  });

  it('property: every breakdown sums to the number of requests', () => {
    const rowArb: fc.Arbitrary<DashboardRow> = fc.record({
      electionId: fc.constantFrom(e1, e2),
      requestStatus: fc.constantFrom(...REQUEST_STATUSES),
      voterClass: fc.constantFrom(...VOTER_CLASSES),
      deliveryMethod: fc.option(fc.constantFrom(...BALLOT_DELIVERY_METHODS), { nil: undefined }),
      mailingCountry: fc.option(fc.constantFrom('DE', 'JP', 'FR'), { nil: undefined }),
      ballot: fc.option(
        fc.record({
          status: fc.constantFrom(...BALLOT_STATUSES),
          returned: fc.boolean(),
          returnTimely: fc.option(fc.boolean(), { nil: undefined }),
          rejectionReasons: fc.option(fc.subarray([...BALLOT_REJECTION_TYPES]), { nil: undefined }),
        }),
        { nil: undefined },
      ),
    });
    const sum = (o: Partial<Record<string, number>>): number =>
      Object.values(o).reduce<number>((n, v) => n + (v ?? 0), 0);
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 50 }), (rows) => {
        const out = dashboardCounts(rows);
        if (out.reduce((n, x) => n + x.requests, 0) !== rows.length) return false;
        return out.every(
          (x) =>
            [x.byRequestStatus, x.byVoterClass, x.byDeliveryMethod, x.byMailingCountry].every(
              (m) => sum(m) === x.requests,
            ) &&
            x.ballots.returnedOnTime + x.ballots.returnedLate <= x.ballots.returned &&
            x.ballots.accepted === (x.ballots.byStatus.accepted ?? 0) &&
            x.ballots.rejected === (x.ballots.byStatus.rejected ?? 0),
        );
      }),
    );
  });
});
