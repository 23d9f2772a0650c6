import { enhance } from './forms';

// The office pages need little beyond the shared enhancements: the returns page's barcode field
// has the focus from the HTML itself (autofocus), ready for the next scan after every answer.
enhance();

/**
 * Passkeys (staff enrolment and sign-in): a button carries the WebAuthn options from the server
 * (`data-passkey-register` or `data-passkey-sign-in`, JSON); the browser's answer goes into the
 * form's hidden `passkey` field and the form is sent. @simplewebauthn/browser does the WebAuthn
 * calls; it is loaded only on these pages.
 */
for (const button of document.querySelectorAll<HTMLButtonElement>(
  '[data-passkey-register], [data-passkey-sign-in]',
)) {
  button.hidden = false;
  button.addEventListener('click', () => {
    const form = button.form;
    const field = form?.querySelector<HTMLInputElement>('input[name=passkey]');
    if (!form || !field) return;
    void (async () => {
      const webauthn = await import('@simplewebauthn/browser');
      const status = form.querySelector<HTMLElement>('[data-passkey-status]');
      try {
        const register = button.dataset.passkeyRegister;
        const response =
          register !== undefined
            ? await webauthn.startRegistration({ optionsJSON: JSON.parse(register) })
            : await webauthn.startAuthentication({
                optionsJSON: JSON.parse(button.dataset.passkeySignIn ?? '{}'),
              });
        field.value = JSON.stringify(response);
        const factor = form.querySelector<HTMLInputElement>('input[name=factor]');
        if (factor) factor.value = 'passkey';
        form.submit();
      } catch (error) {
        console.warn('passkey', error instanceof Error ? `${error.name}: ${error.message}` : error);
        if (status)
          status.textContent = 'The passkey did not work. Try again, or use an authenticator app code.';
      }
    })();
  });
}
