/** Branded ids and ISO dates live in libs/contracts (the lowest layer, which events and HTTP bodies share). */
export * from '@uocava/contracts/ids';
