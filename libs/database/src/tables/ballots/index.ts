/**
 * Owner of `ballots`: one row per ballot (request x election), with its packet's hash and
 * provenance and its lifecycle (generated, held, transmitted, returned, decided). The packet re-issue on
 * download is in packet-regenerations.ts.
 */
export * from './ballots';
export * from './held';
export * from './lifecycle';
export * from './queues';
export * from './voiding';
