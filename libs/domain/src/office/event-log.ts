import { instantOf } from './dates';

/**
 * Export of the platform's event log as a NIST SP 1500-101 (Election Event Logging, V1)
 * `EventLogging.ElectionEventLog` JSON document.
 */
export const NIST_DEVICE_TYPES = [
  'adjudication',
  'ballot-activation',
  'ballot-printing',
  'blank-ballot-printing',
  'bmd',
  'dre',
  'dre-controller',
  'electronic-cast',
  'electronic-cast-paper',
  'electronic-poll-book',
  'ems',
  'other',
  'scan-batch',
  'scan-single',
  'transmission-receiving',
  'transmission-sending',
] as const;
export type NistDeviceType = (typeof NIST_DEVICE_TYPES)[number];
export const NIST_HASH_TYPES = ['md6', 'other', 'sha-256', 'sha-512'] as const;
export type NistHashType = (typeof NIST_HASH_TYPES)[number];
export const NIST_EVENT_DISPOSITIONS = ['failure', 'na', 'other', 'success'] as const;
export type NistEventDisposition = (typeof NIST_EVENT_DISPOSITIONS)[number];

export interface NistEvent {
  '@type': 'EventLogging.Event';
  Description?: string;
  Details?: string;
  Disposition: NistEventDisposition;
  Hash?: string;
  Id: string;
  OtherDisposition?: string;
  Sequence: string;
  Severity?: string;
  TimeStamp: string;
  Type: string;
  UserId?: string;
}
export interface NistDevice {
  '@type': 'EventLogging.Device';
  Details?: string;
  Event?: NistEvent[];
  HashType?: NistHashType;
  Id: string;
  Manufacturer?: string;
  Model?: string;
  OtherHashType?: string;
  OtherType?: string;
  Type?: NistDeviceType;
  Version?: string;
}
export interface NistElectionEventLog {
  '@type': 'EventLogging.ElectionEventLog';
  Details?: string;
  Device?: NistDevice[];
  ElectionId?: string;
  GeneratedTime: string;
}

export interface EventLogEntry {
  /** event code, e.g. `ballot.transmitted` (NIST `Id`: the kind of event) */
  id: string;
  /** ISO 8601 date-time with offset */
  time: string;
  /** category of the event, e.g. `ballot-lifecycle`, `security`, `user-action` */
  type: string;
  description?: string;
  severity?: string;
  /** default `success` */
  disposition?: NistEventDisposition;
  /** required when disposition is `other` */
  otherDisposition?: string;
  /** staff or service identity that caused it: never a voter's personal data */
  userId?: string;
  /** e.g. the SHA-256 of the event body, hex */
  hash?: string;
  details?: string;
}

export interface EventLogSource {
  /** the system or process the log comes from */
  id: string;
  /** default `transmission-sending`: the platform sends blank ballots to voters */
  type?: NistDeviceType;
  otherType?: string;
  manufacturer?: string;
  model?: string;
  version?: string;
  hashType?: NistHashType;
  otherHashType?: string;
  details?: string;
}

export interface EventLogExportInput {
  device: EventLogSource;
  events: readonly EventLogEntry[];
  /** ISO 8601 date-time with offset; the export time (passed in to keep the function pure) */
  generatedTime: string;
  electionId?: string;
  details?: string;
}

function put<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/**
 * Builds the ElectionEventLog document. Events are put in time order (stable for equal times) and
 * numbered 1..n in `Sequence`. Throws RangeError on a timestamp without an offset.
 */
export function eventLogExport(input: EventLogExportInput): NistElectionEventLog {
  instantOf(input.generatedTime, 'generatedTime');
  const ordered = input.events
    .map((e, index) => ({ e, index, at: instantOf(e.time, `events[${index}].time`) }))
    .sort((a, b) => a.at - b.at || a.index - b.index);
  const events = ordered.map(({ e }, i): NistEvent => {
    const ev: NistEvent = {
      '@type': 'EventLogging.Event',
      Disposition: e.disposition ?? 'success',
      Id: e.id,
      Sequence: String(i + 1),
      TimeStamp: e.time,
      Type: e.type,
    };
    put(ev, 'Description', e.description);
    put(ev, 'Details', e.details);
    put(ev, 'Hash', e.hash);
    put(ev, 'OtherDisposition', e.otherDisposition);
    put(ev, 'Severity', e.severity);
    put(ev, 'UserId', e.userId);
    return ev;
  });
  const d = input.device;
  const device: NistDevice = {
    '@type': 'EventLogging.Device',
    Id: d.id,
    Type: d.type ?? 'transmission-sending',
  };
  put(device, 'Details', d.details);
  put(device, 'HashType', d.hashType);
  put(device, 'Manufacturer', d.manufacturer);
  put(device, 'Model', d.model);
  put(device, 'OtherHashType', d.otherHashType);
  put(device, 'OtherType', d.otherType);
  put(device, 'Version', d.version);
  device.Event = events;
  const log: NistElectionEventLog = {
    '@type': 'EventLogging.ElectionEventLog',
    GeneratedTime: input.generatedTime,
    Device: [device],
  };
  put(log, 'ElectionId', input.electionId);
  put(log, 'Details', input.details);
  return log;
}
