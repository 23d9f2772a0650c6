/**
 * Owner of `ballot_requests` (one row per FPCA) and `request_duplicates` (the same voter sending
 * again). Personal data is only in `pii`, sealed by the caller with the jurisdiction's data key;
 * look-ups use keyed hashes (`voter_key`, `dob_hash`).
 */
export * from './requests';
export * from './styles';
export * from './reads';
