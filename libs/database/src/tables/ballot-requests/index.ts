/**
 * Owner of `ballot_requests` (one row per FPCA) and `request_duplicates` (the same voter sending
 * again), and `request_contact_changes` (the office's changes of a voter's contact details,
 * each with the request as it was, sealed). Personal data is only in `pii`, sealed by the caller with the jurisdiction's data key;
 * look-ups use keyed hashes (`voter_key`, `dob_hash`).
 */
export * from './requests';
export * from './styles';
export * from './reads';
export * from './service-changes';
