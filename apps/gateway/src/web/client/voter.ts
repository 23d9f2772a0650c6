import { checkPacketWeb, verifyReceiptWeb, type WebWitnessPolicy } from '@uocava/transparency/web/verify';
import { enhance } from './forms';

/**
 * "Verify" buttons on the tracking page: each checks its step's receipt here, in the browser,
 * with WebCrypto (Ed25519 signature of the checkpoint, SHA-256 inclusion proof) against the log's
 * verifier key printed on the page. The server is not asked whether the receipt is valid.
 */
function receiptButtons(): void {
  const keysHolder = document.querySelector<HTMLElement>('[data-log-keys]');
  if (!keysHolder) return;
  const keys = JSON.parse(keysHolder.dataset.logKeys ?? '[]') as string[];
  // the office's witness policy, when it has one: the receipt must carry its quorum of cosignatures
  const policy =
    keysHolder.dataset.witnessPolicy === undefined
      ? undefined
      : (JSON.parse(keysHolder.dataset.witnessPolicy) as WebWitnessPolicy);
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-receipt]')) {
    button.hidden = false;
    const output = document.getElementById(button.getAttribute('aria-controls') ?? '');
    button.addEventListener('click', () => {
      void (async () => {
        if (!output) return;
        output.className = 'verify-result';
        output.textContent = 'Checking…';
        let receipt: unknown;
        try {
          receipt = JSON.parse(button.dataset.receipt ?? '');
        } catch {
          receipt = null;
        }
        const result = await verifyReceiptWeb(receipt, keys, policy).catch((e: unknown) => ({
          ok: false as const,
          reason: e instanceof Error ? e.message : String(e),
        }));
        const step = button.dataset.eventId;
        if (result.ok && step && result.value.entry.eventId !== step) {
          output.className = 'verify-result bad';
          output.textContent = 'Not verified: this receipt is for another step.';
          return;
        }
        output.className = `verify-result ${result.ok ? 'ok' : 'bad'}`;
        output.textContent = result.ok
          ? `Verified: signed by ${result.value.signedBy}, entry ${result.value.leafIndex + 1} of ${result.value.treeSize} in the public log${
              result.value.witnessedBy === undefined
                ? ''
                : `, witnessed by ${result.value.witnessedBy.map((w) => w.name).join(', ')}`
            }.`
          : `Not verified: ${result.reason}.`;
      })();
    });
  }
}

/**
 * "Check the PDF": the voter drops the packet they downloaded; the browser hashes it and checks it
 * against the packet SHA-256 of the receipted step, and that step's data against its receipt.
 */
function packetChecks(): void {
  const keysHolder = document.querySelector<HTMLElement>('[data-log-keys]');
  if (!keysHolder) return;
  const keys = JSON.parse(keysHolder.dataset.logKeys ?? '[]') as string[];
  const policy =
    keysHolder.dataset.witnessPolicy === undefined
      ? undefined
      : (JSON.parse(keysHolder.dataset.witnessPolicy) as WebWitnessPolicy);
  for (const input of document.querySelectorAll<HTMLInputElement>('input[data-packet-file]')) {
    const output = document.getElementById(input.getAttribute('aria-controls') ?? '');
    input.addEventListener('change', () => {
      void (async () => {
        const file = input.files?.[0];
        if (!output || file === undefined) return;
        output.className = 'verify-result';
        output.textContent = 'Checking…';
        const result = await checkPacketWeb(
          JSON.parse(input.dataset.receipt ?? 'null') as unknown,
          JSON.parse(input.dataset.eventData ?? 'null') as unknown,
          new Uint8Array(await file.arrayBuffer()),
          keys,
          policy,
        ).catch((e: unknown) => ({ ok: false as const, reason: e instanceof Error ? e.message : String(e) }));
        output.className = `verify-result ${result.ok ? 'ok' : 'bad'}`;
        output.textContent = result.ok
          ? 'This is the packet of this step: its SHA-256 is the one on the receipted log entry.'
          : `Not this packet: ${result.reason}.`;
      })();
    });
  }
}

enhance();
receiptButtons();
packetChecks();
