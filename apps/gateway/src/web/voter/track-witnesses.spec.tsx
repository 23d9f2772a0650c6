import { randomUUID } from 'node:crypto';
import { renderToString } from 'preact-render-to-string';
import { generateWitnessKey } from '@uocava/transparency';
import type { VoterTrackingView } from '../../tracking/tracking.service';
import { TrackResultPage } from './voter.pages';

const w1 = generateWitnessKey('witness.one.example/w');
const w2 = generateWitnessKey('witness.two.example/w');

function view(extra: Partial<VoterTrackingView>): VoterTrackingView {
  const step = (eventId: string) => ({
    eventId,
    type: 'uocava.request.verified.v1',
    ballotId: null,
    at: '2026-10-01T12:00:00.000Z',
    leafIndex: 0,
    receipt: { version: 'uocava-receipt/1' },
  });
  return {
    trackingCode: 'TRK-0000-0000-0001',
    requestId: randomUUID(),
    jurisdictionId: 'demo-county',
    status: 'verified',
    reasons: [],
    receivedAt: '2026-10-01T12:00:00.000Z',
    ballots: [],
    steps: [step('a'), step('b')],
    jurisdictionName: 'Demo County',
    documentsToken: '0'.repeat(43),
    fwabPacket: false,
    logKeys: ['log.example/demo-county/1+00000000+AQ=='],
    ...extra,
  } as VoterTrackingView;
}

describe('the tracking page under a witness policy', () => {
  it('lists the witnesses, says per step who witnessed or that it waits, and hands the policy to Verify', () => {
    const html = renderToString(
      <TrackResultPage
        view={view({
          witnessPolicy: {
            quorum: 2,
            witnesses: [
              { name: w1.cosigner.name, key: w1.verifierKey },
              { name: w2.cosigner.name, key: w2.verifierKey },
            ],
          },
          witnessedBy: { a: [w1.cosigner.name, w2.cosigner.name], b: [w1.cosigner.name] },
        })}
      />,
    );
    expect(html).toContain('<h2>Independent witnesses</h2>');
    expect(html).toContain(w2.verifierKey);
    expect(html).toContain('Witnessed by witness.one.example/w, witness.two.example/w.');
    expect(html).toMatch(/waiting for the independent witnesses to countersign/);
    expect(html).toContain('data-witness-policy=');
    expect(html).toContain(`&quot;quorum&quot;:2`);
  });

  it('shows nothing about witnesses without a policy', () => {
    const html = renderToString(<TrackResultPage view={view({})} />);
    expect(html).not.toMatch(/witness/i);
  });
});
