/** The platform's vocabulary lives in libs/contracts (the lowest layer, which events and HTTP bodies share). */
export * from '@uocava/contracts/vocabulary';
