import type { InputResult } from '@uocava/contracts/http';
import { invalidRequest } from '@uocava/platform';

/** The validated value, or a 400 problem+json naming each bad field. */
export function checked<T>(result: InputResult<T>, detail?: string): T {
  if (!result.ok) throw invalidRequest(result.problems, detail);
  return result.value;
}
