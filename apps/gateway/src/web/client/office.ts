import { enhance } from './forms';

/** The returns page: the scanner types the barcode and sends Enter; the field is ready again at once. */
function scanField(): void {
  const input = document.querySelector<HTMLInputElement>('input[data-scan]');
  if (!input) return;
  input.focus();
  input.select();
}

enhance();
scanField();
