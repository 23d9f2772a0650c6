/**
 * What a packet's bytes depend on besides its inputs: the renderer. A packet is a pure function of
 * (inputs, renderer version); the version is recorded with every ballot, so that a packet that no
 * longer reproduces after an upgrade is recognised as rendered by an older renderer (re-issue), not
 * as a changed packet.
 */
import { createHash } from 'crypto';
import canonicalize from 'canonicalize-cjs';
import { fontsDigest } from './fonts';
import type { PacketRegenerationReason } from '@uocava/domain';
import type { PacketInput } from './packet';

/**
 * Bump whenever a change to this library's code changes the bytes it writes for the same inputs.
 * The golden test in ballot-pdf.spec.ts pins the sample packet's SHA-256 per revision and fails
 * when the bytes change under an unchanged revision.
 */
export const RENDERER_REVISION = 5;

function packageVersion(name: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(`${name}/package.json`) as { version: string }).version;
}

let version: string | undefined;

/**
 * `ballot-pdf/<revision> fonts/<first 12 hex of the fonts' SHA-256> pdf-lib/<v> fontkit/<v>`: a
 * new font file or library version changes it without anyone remembering to.
 */
export function rendererVersion(): string {
  version ??= [
    `ballot-pdf/${RENDERER_REVISION}`,
    `fonts/${fontsDigest().slice(0, 12)}`,
    `pdf-lib/${packageVersion('pdf-lib')}`,
    `fontkit/${packageVersion('@pdf-lib/fontkit')}`,
  ].join(' ');
  return version;
}

/** Hex SHA-256 of the JCS (RFC 8785) form of a JSON value. */
export function jcsSha256(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('ballot-pdf: value has no JSON form');
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Hex SHA-256 of everything a packet is rendered from: the JCS form of the input, with the election
 * definition replaced by its own digest (`electionSha256`, computed once per definition object).
 */
export function packetInputsSha256(input: PacketInput, electionSha256 = jcsSha256(input.election)): string {
  return jcsSha256({ ...input, election: electionSha256 });
}

/**
 * A re-render whose bytes differ from the issued ones: a known change when the renderer version or
 * the inputs digest recorded at issue differ from the re-render's (a ballot issued before either was
 * recorded counts as renderer-changed), otherwise a `mismatch`: same inputs, same renderer, other
 * bytes, which is a defect of the renderer.
 */
export function regenerationReason(
  issued: { rendererVersion: string | null; inputsSha256: string | null },
  rendered: { rendererVersion: string; inputsSha256: string },
): PacketRegenerationReason {
  if (issued.rendererVersion !== rendered.rendererVersion) return 'renderer-changed';
  if (issued.inputsSha256 !== rendered.inputsSha256) return 'inputs-changed';
  return 'mismatch';
}
