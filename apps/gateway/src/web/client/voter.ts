import { checkPacketWeb, verifyReceiptWeb, type WebWitnessPolicy } from '@uocava/transparency/web/verify';
import { enhance } from './forms';

/** The page's words for what the script writes (voter.pages.tsx `verifyMessages`), in its language. */
interface VerifyMessages {
  checking: string;
  otherStep: string;
  ok: string;
  /** present under a witness policy */
  witnessed?: string;
  bad: string;
  packetOk: string;
  packetBad: string;
}

function messagesOf(holder: HTMLElement): VerifyMessages {
  return JSON.parse(holder.dataset.messages ?? '{}') as VerifyMessages;
}

/** `message` with each `{name}` replaced by its value. */
function fill(message: string, values: Record<string, string | number>): string {
  return message.replace(/\{(\w+)\}/g, (all, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all,
  );
}

/**
 * "Verify" buttons on the tracking page: each checks its step's receipt here, in the browser,
 * with WebCrypto (Ed25519 signature of the checkpoint, SHA-256 inclusion proof) against the log's
 * verifier key printed on the page. The server is not asked whether the receipt is valid.
 */
function receiptButtons(): void {
  const keysHolder = document.querySelector<HTMLElement>('[data-log-keys]');
  if (!keysHolder) return;
  const keys = JSON.parse(keysHolder.dataset.logKeys ?? '[]') as string[];
  const words = messagesOf(keysHolder);
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
        output.textContent = words.checking;
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
          output.textContent = words.otherStep;
          return;
        }
        output.className = `verify-result ${result.ok ? 'ok' : 'bad'}`;
        output.textContent = result.ok
          ? fill(words.ok, {
              signedBy: result.value.signedBy,
              entry: result.value.leafIndex + 1,
              size: result.value.treeSize,
              also:
                result.value.witnessedBy === undefined
                  ? ''
                  : fill(words.witnessed ?? ', {names}', {
                      names: result.value.witnessedBy.map((w) => w.name).join(', '),
                    }),
            })
          : fill(words.bad, { reason: result.reason });
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
  const words = messagesOf(keysHolder);
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
        output.textContent = words.checking;
        const result = await checkPacketWeb(
          JSON.parse(input.dataset.receipt ?? 'null') as unknown,
          JSON.parse(input.dataset.eventData ?? 'null') as unknown,
          new Uint8Array(await file.arrayBuffer()),
          keys,
          policy,
        ).catch((e: unknown) => ({ ok: false as const, reason: e instanceof Error ? e.message : String(e) }));
        output.className = `verify-result ${result.ok ? 'ok' : 'bad'}`;
        output.textContent = result.ok ? words.packetOk : fill(words.packetBad, { reason: result.reason });
      })();
    });
  }
}

enhance();
receiptButtons();
packetChecks();
