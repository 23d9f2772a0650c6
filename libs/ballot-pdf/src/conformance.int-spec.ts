/**
 * The PDFs of this library conform to PDF/UA-1 (ISO 14289-1, accessible) and PDF/A-2b (ISO
 * 19005-2, archival), as veraPDF, the PDF Association's reference validator, checks them: every
 * rule of both profiles passes. veraPDF comes from Maven Central once into the cache
 * (`ensureVeraPdf`) and runs on the local Java, once per profile for all the files. `pdffonts`
 * (poppler), when installed, confirms that every font is an embedded subset with a subset tag.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVeraPdfOnFiles, type VeraPdfProfile, type VeraPdfResult } from '@uocava/infra';
import {
  multiScriptElection,
  multiStyleElection,
  sampleElection,
  sampleForms,
  samplePacket,
} from './fixtures';
import {
  BallotStyleCache,
  renderBallotStyle,
  renderCureAffidavit,
  renderFpca,
  renderFwabPacket,
  renderPacket,
  renderPrintBatch,
  ballotTargets,
  markBallot,
} from './index';

jest.setTimeout(600_000);

const dir = mkdtempSync(join(tmpdir(), 'ballot-pdf-conformance-'));
const file = (name: string): string => join(dir, `${name}.pdf`);

/** What each document must conform to; a print batch's pages are copied without their structure. */
const DOCUMENTS: Record<string, VeraPdfProfile[]> = {
  packet: ['ua1', '2b'],
  'packet-marked': ['ua1', '2b'],
  'packet-es': ['ua1', '2b'],
  'packet-bilingual': ['ua1', '2b'],
  'packet-long': ['ua1', '2b'],
  'ballot-style': ['ua1', '2b'],
  // candidate names in Han, kana, Hangul, Arabic, Hebrew, Devanagari, Vietnamese, Greek, Cyrillic
  'ballot-scripts': ['ua1', '2b'],
  // a voter name in Arabic: the packet embeds its own subsets (Noto Sans Arabic)
  'packet-arabic': ['ua1', '2b'],
  'cure-affidavit': ['ua1', '2b'],
  fwab: ['ua1', '2b'],
  fpca: ['ua1', '2b'],
  'print-batch': ['2b'],
};

const results = new Map<string, VeraPdfResult[]>();

async function renderAll(): Promise<void> {
  const cache = new BallotStyleCache(4);
  const e = sampleElection();
  const packet = await renderPacket(samplePacket(e), cache);
  const long = await renderPacket(
    samplePacket(multiStyleElection(40), {
      voter: {
        name: 'Ελένη Παπαδοπούλου-Смирнов Ffoulkes',
        trackingCode: 'TRK-0001-9QXD-2HFA',
        ballotId: '0b7f5a2e-1c3d-4e5f-8a9b-000000000001',
        trackingUrl: 'https://ballots.example.org/track?code=TRK-0001-9QXD-2HFA',
        // letters outside the shared voter-font subset: the packet is saved whole, not appended
        returnAddress: ['ul. Łódzka 5', '31-000 Kraków', 'Polska'],
      },
      paperSize: 'a4',
      militaryPost: false,
      oathAttestation: { kind: 'witness', text: 'Your signature must be witnessed by an adult.' },
    }),
    cache,
  );
  expect(long.parts.ballot[1]).toBeGreaterThan(long.parts.ballot[0]);
  expect(Buffer.from(long.bytes).toString('latin1').split('%%EOF')).toHaveLength(2);
  const f = sampleForms();
  const small = sampleElection(2, 1);
  const imb = { barcodeId: '00', serviceType: '040', mailerId: '123456', serial: 1, routingZip: '09012' };
  const p1 = await renderPacket(samplePacket(small), cache);
  const p2 = await renderPacket(samplePacket(small, { paperSize: 'a4' }), cache);
  const batch = await renderPrintBatch({
    batchId: '5d2c9a52-2f0e-4a8e-9b59-1f3c7a1e0001',
    date: '2026-11-03',
    returnAddressLines: ['Elections Office', '100 Main St', 'Springfield, IL 62701'],
    pieces: [
      { ballotId: 'b1', packetPdf: p1.bytes, addressLines: ['Ada Lovelace', 'APO AE 09012'], imb },
      {
        ballotId: 'b2',
        packetPdf: p2.bytes,
        addressLines: ['Émile Zola', 'Paris'],
        imb: { ...imb, serial: 2 },
      },
    ],
  });
  // the packet as the voter's browser marks it: the first choice of every contest
  const input = samplePacket(e);
  const targets = await ballotTargets(e, input.styleId, input.paperSize, packet.parts.ballot[0] - 1);
  const firsts = [...new Map(targets.map((t) => [t.contestId, t] as const)).keys()].map((contestId) => ({
    contestId,
    choiceId: targets.find((t) => t.contestId === contestId)!.choiceId,
  }));
  const bytes: Record<string, Uint8Array> = {
    packet: packet.bytes,
    'packet-marked': await markBallot(packet.bytes, targets, firsts),
    // a Spanish packet (its /Lang es-US), the ballot part in the definition's English (en-US), the
    // ballot's own words in Spanish (es-US)
    'packet-es': (await renderPacket(samplePacket(e, { language: 'es', militaryPost: true }), cache)).bytes,
    // a bilingual ballot: both languages' words
    'packet-bilingual': (await renderPacket(samplePacket({ ...e, ballotLanguages: ['en', 'es'] }), cache))
      .bytes,
    'packet-long': long.bytes,
    'ballot-style': (await renderBallotStyle(e, e.ballotStyles[0].id, 'letter')).bytes,
    'ballot-scripts': (await renderBallotStyle(multiScriptElection(), e.ballotStyles[0].id, 'letter')).bytes,
    'packet-arabic': (
      await renderPacket(
        samplePacket(e, { voter: { ...samplePacket(e).voter, name: 'فاطمة الزَّهراء' } }),
        cache,
      )
    ).bytes,
    'cure-affidavit': (await renderCureAffidavit(f.cure)).bytes,
    fwab: (await renderFwabPacket(f.fwab)).bytes,
    fpca: (await renderFpca(f.fpca)).bytes,
    'print-batch': batch.pdf,
  };
  for (const [name, b] of Object.entries(bytes)) writeFileSync(file(name), b);
}

beforeAll(async () => {
  await renderAll();
  for (const profile of ['ua1', '2b'] as VeraPdfProfile[]) {
    const names = Object.keys(DOCUMENTS).filter((n) => DOCUMENTS[n].includes(profile));
    const rs = await runVeraPdfOnFiles(names.map(file), profile);
    names.forEach((n, i) => results.set(n, [...(results.get(n) ?? []), rs[i]]));
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every failed rule of `name`, with clause, description and the first failing objects. */
function failures(name: string): string[] {
  const out: string[] = [];
  for (const r of results.get(name) ?? []) {
    for (const rule of r.failedRules)
      out.push(
        `${r.profile} ${rule.specification} clause ${rule.clause} test ${rule.testNumber} ` +
          `(${rule.failedChecks} failed checks): ${rule.description}\n    ${rule.contexts.join('\n    ')}`,
      );
    if (r.failedRules.length === 0 && !r.compliant) out.push(`${r.profile}: not compliant, no rule listed`);
  }
  return out;
}

function hasPdffonts(): boolean {
  try {
    execFileSync('pdffonts', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('PDF/UA-1 and PDF/A-2b conformance (veraPDF)', () => {
  it.each(Object.entries(DOCUMENTS))('%s: no failed rule of %j', (name, profiles) => {
    expect((results.get(name) ?? []).map((r) => r.profile)).toEqual(profiles);
    const failed = failures(name);
    if (failed.length > 0) throw new Error(`${name}: veraPDF failed rules:\n  ${failed.join('\n  ')}`);
  });

  it('embeds every font as a subset with a subset tag (pdffonts)', () => {
    if (!hasPdffonts()) return;
    for (const name of Object.keys(DOCUMENTS)) {
      const lines = execFileSync('pdffonts', [file(name)], { encoding: 'utf8' })
        .split('\n')
        .slice(2)
        .filter((l) => l.trim() !== '');
      expect(lines.length).toBeGreaterThan(0);
      for (const l of lines) {
        // name type... encoding emb sub uni object-id generation
        const cols = l.trim().split(/\s+/);
        expect({ name: cols[0], emb: cols[cols.length - 5], sub: cols[cols.length - 4] }).toEqual({
          name: expect.stringMatching(/^[A-Z]{6}\+/) as unknown as string,
          emb: 'yes',
          sub: 'yes',
        });
      }
    }
  });
});
