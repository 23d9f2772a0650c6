/**
 * The voter's tracking page: (1) receipt verification as the page's Verify button does it
 * (WebCrypto Ed25519 + SHA-256, libs/transparency/src/web/verify.ts, run here on Node's WebCrypto)
 * next to the offline CLI verifier on node:crypto; (2) server-side rendering of a whole tracking
 * page (Preact to an HTML string) next to serialising the same view as the API's JSON.
 */
import { createHash, randomUUID } from 'node:crypto';
import { ballotRequestId, jurisdictionId } from '@uocava/domain';
import { Checkpointer, generateLogKey, logOrigin, MemoryLog, type Receipt } from '@uocava/transparency';
import { parseVerifierKey, verifyReceipt } from '@uocava/transparency/verify';
import { verifyReceiptWeb } from '@uocava/transparency/web/verify';
import { htmlDocument, Layout } from '../apps/gateway/src/web/layout';
import { TrackResultPage } from '../apps/gateway/src/web/voter/voter.pages';
import type { VoterTrackingView } from '../apps/gateway/src/tracking/tracking.service';
import { ratioFigure, type Benchmark } from './harness';

const J = 'bench-web';

async function receipts(count: number): Promise<{ receipts: Receipt[]; verifierKey: string }> {
  const { signer, verifierKey } = generateLogKey(logOrigin('log.uocava.example', J, 1));
  const cp = new Checkpointer(new MemoryLog(J), signer, { everyEntries: 64, everyMs: 10 });
  const subject = ballotRequestId(randomUUID());
  const out = await Promise.all(
    Array.from({ length: count }, (_, n) =>
      cp.append({
        jurisdiction: jurisdictionId(J),
        subject: { kind: 'request', id: subject },
        eventType: 'uocava.request.submitted.v1',
        eventId: randomUUID(),
        time: new Date(Date.UTC(2026, 9, 1, 12, 0, n)).toISOString(),
        dataSha256: createHash('sha256').update(String(n)).digest('hex'),
      }),
    ),
  );
  await cp.close();
  return { receipts: out, verifierKey };
}

async function perSecond(fn: () => unknown, minMs = 1500): Promise<number> {
  for (let i = 0; i < 20; i++) await fn(); // warm-up
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    await fn();
    n++;
  }
  return Math.round((n * 1000) / (performance.now() - start));
}

const STEP_TYPES = [
  'uocava.request.submitted.v1',
  'uocava.request.verified.v1',
  'uocava.ballot.generated.v1',
  'uocava.ballot.transmitted.v1',
  'uocava.ballot.returned.v1',
  'uocava.ballot.accepted.v1',
];

const bench: Benchmark = {
  name: 'web',
  needs: [],
  async run(report) {
    const { receipts: rs, verifierKey } = await receipts(1024);
    const key = parseVerifierKey(verifierKey);
    if (!key.ok) throw new Error(key.reason);
    let i = 0;
    const nodeRate = await perSecond(() => {
      if (!verifyReceipt(rs[i++ % rs.length], [key.value]).ok) throw new Error('node verifier refused');
    });
    const webRate = await perSecond(async () => {
      if (!(await verifyReceiptWeb(rs[i++ % rs.length], [verifierKey])).ok)
        throw new Error('web verifier refused');
    });
    report(
      ratioFigure(
        {
          name: 'web.receipt-verify',
          metric: 'receipts_per_second',
          value: webRate,
          unit: 'receipts/s',
          params: { log: rs.length, verifier: 'WebCrypto (Ed25519 + SHA-256), as in the page' },
        },
        { name: 'offline verifier on node:crypto', value: nodeRate },
      ),
    );

    const view: VoterTrackingView = {
      trackingCode: 'TRK-7K3M-9QXD-2HFA',
      requestId: randomUUID(),
      jurisdictionId: J,
      jurisdictionName: 'Bench County',
      documentsToken: '0'.repeat(43),
      fwabPacket: false,
      status: 'verified',
      reasons: [],
      receivedAt: new Date().toISOString(),
      logKeys: [verifierKey],
      ballots: [
        {
          ballotId: randomUUID(),
          electionId: randomUUID(),
          status: 'accepted',
          electionName: 'General Election',
          electionDate: '2026-11-03',
          decisionReasons: [],
          cureDeadline: null,
          officeUtcOffset: null,
          downloadToken: null,
        },
      ],
      steps: STEP_TYPES.map((type, n) => ({
        eventId: randomUUID(),
        type,
        ballotId: null,
        at: new Date(Date.UTC(2026, 9, 1 + n)).toISOString(),
        leafIndex: n,
        receipt: rs[n],
      })),
    };
    const json = await perSecond(() => JSON.stringify(view));
    const html = await perSecond(() =>
      htmlDocument(
        <Layout
          title="Your ballot request"
          area="voter"
          styles="/assets/styles.css"
          script="/assets/voter.js"
        >
          <TrackResultPage view={view} />
        </Layout>,
      ),
    );
    report(
      ratioFigure(
        {
          name: 'web.tracking-page-render',
          metric: 'pages_per_second',
          value: html,
          unit: 'pages/s',
          params: { steps: view.steps.length, receiptsOnPage: view.steps.length },
        },
        { name: 'JSON.stringify of the same view (the API answer)', value: json },
      ),
    );
  },
};

export default bench;
