import type { ApiKeyListing, StaffListing } from '@uocava/database';
import { ErrorSummary, Notice, SelectField, TextField, Csrf, type FieldErrors } from '../web/components';
import { Flash } from '../web/office/office-components';

const day = (d: Date | null): string => (d === null ? '—' : d.toISOString().slice(0, 16).replace('T', ' '));

/** The staff sign-in form (office, e-mail, password), first on the sign-in page. */
export function StaffSignInForm({
  errors,
  values,
  next,
}: {
  errors: FieldErrors;
  values: Record<string, string>;
  next: string;
}) {
  return (
    <form method="post" action="/office/sign-in/staff" data-validate>
      <input type="hidden" name="next" value={next} />
      <TextField
        name="office"
        label="Office code"
        hint="For example us-oh-mahoning: it is in your invitation link"
        value={values.office}
        autocomplete="organization"
        required
        spellcheck={false}
        invalidMessage="Enter your office code"
      />
      <TextField
        name="email"
        type="email"
        label="E-mail address"
        value={values.email}
        autocomplete="username"
        required
        error={errors.email}
        spellcheck={false}
        invalidMessage="Enter your e-mail address"
      />
      <TextField
        name="password"
        type="password"
        label="Password"
        autocomplete="current-password"
        required
        invalidMessage="Enter your password"
      />
      {/* no type attribute (a submit button all the same): the office-key form's button stays the page's first [type=submit] */}
      <button class="button" data-staff-sign-in>
        Continue
      </button>
    </form>
  );
}

/** The second step of a staff sign-in: a passkey, or a code from the authenticator app. */
export function SecondFactorPage(p: {
  name: string;
  passkeyOptions?: string;
  totp: boolean;
  errors: FieldErrors;
}) {
  return (
    <>
      <ErrorSummary errors={p.errors} />
      <h1>Confirm it is you</h1>
      <p>Signing in as {p.name}.</p>
      {p.passkeyOptions ? (
        <form method="post" action="/office/sign-in/second-factor">
          <input type="hidden" name="factor" value="passkey" />
          <input type="hidden" name="passkey" value="" />
          <p data-passkey-status role="status" class={p.errors.passkey ? 'error-message' : undefined}>
            {p.errors.passkey}
          </p>
          <button type="button" class="button" data-passkey-sign-in={p.passkeyOptions} hidden>
            Use your passkey
          </button>
        </form>
      ) : null}
      {p.totp ? (
        <form method="post" action="/office/sign-in/second-factor" data-validate>
          <input type="hidden" name="factor" value="totp" />
          <TextField
            name="code"
            label="Code from your authenticator app"
            hint="6 digits"
            inputMode="numeric"
            autocomplete="one-time-code"
            width="short"
            pattern="[0-9]{6}"
            required
            error={p.errors.code}
            invalidMessage="Enter the 6-digit code"
            autofocus
          />
          <button type="submit" class="button">
            Sign in
          </button>
        </form>
      ) : null}
      {!p.totp && p.errors.code ? <p class="error-message">{p.errors.code}</p> : null}
      <p>
        <a href="/office/sign-in">Start again</a>
      </p>
    </>
  );
}

/** The invitation's page: choose a password, then set up a passkey or an authenticator app. */
export function InvitationPage(p: {
  action: string;
  displayName: string;
  email: string;
  role: string;
  jurisdictionId: string;
  passkeyOptions: string;
  totpUri: string;
  totpSecret: string;
  errors: FieldErrors;
}) {
  return (
    <>
      <ErrorSummary errors={p.errors} order={['password', 'confirm', 'passkey', 'code']} />
      <h1>Set up your office account</h1>
      <p>
        {p.displayName} ({p.email}), {p.role} of the office <strong>{p.jurisdictionId}</strong>. Choose a
        password, then a second way to prove it is you: you need both every time you sign in.
      </p>
      <form method="post" action={p.action} data-validate>
        <TextField
          name="password"
          type="password"
          label="Password"
          hint="At least 12 characters; a few words together are easy to remember"
          autocomplete="new-password"
          minLength={12}
          required
          error={p.errors.password}
          invalidMessage="Enter a password of at least 12 characters"
        />
        <TextField
          name="confirm"
          type="password"
          label="Password again"
          autocomplete="new-password"
          required
          error={p.errors.confirm}
          invalidMessage="Type the password again"
        />
        <input type="hidden" name="factor" value="totp" />
        <input type="hidden" name="passkey" value="" />
        <h2>A passkey</h2>
        <p>Your computer or security key keeps it; you unlock it with your fingerprint, face or PIN.</p>
        <p data-passkey-status role="status" class={p.errors.passkey ? 'error-message' : undefined}>
          {p.errors.passkey}
        </p>
        <button type="button" class="button" data-passkey-register={p.passkeyOptions} hidden>
          Create a passkey and finish
        </button>
        <h2>Or an authenticator app</h2>
        <p>
          Add this account to your authenticator app with the key <code data-totp-secret>{p.totpSecret}</code>{' '}
          (or the link{' '}
          <a href={p.totpUri} data-totp-uri>
            {'otpauth://'}
          </a>
          ), then enter the code it shows.
        </p>
        <TextField
          name="code"
          label="Code from your authenticator app"
          hint="6 digits"
          inputMode="numeric"
          autocomplete="one-time-code"
          width="short"
          pattern="[0-9]{6}"
          error={p.errors.code}
          invalidMessage="Enter the 6-digit code"
        />
        <button type="submit" class="button secondary">
          Finish with the app code
        </button>
      </form>
    </>
  );
}

export function InvitationClosedPage({ why }: { why: string }) {
  return (
    <>
      <h1>This invitation link no longer works</h1>
      <p>{why} Ask an admin of your office for a new invitation.</p>
    </>
  );
}

const status = (s: StaffListing, now: Date): string =>
  s.disabledAt !== null
    ? `disabled ${day(s.disabledAt)}`
    : s.lockedUntil !== null && s.lockedUntil > now
      ? `locked until ${day(s.lockedUntil)}`
      : 'active';

/** The admin's page of the office's people and machine keys. */
export function StaffAdminPage(p: {
  csrf: string;
  now: Date;
  staff: StaffListing[];
  invitations: Array<{
    invitationId: string;
    email: string;
    displayName: string;
    role: string;
    expiresAt: Date;
  }>;
  keys: ApiKeyListing[];
  invited?: { link: string; email: string };
  done?: string;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  return (
    <>
      <ErrorSummary errors={p.errors} />
      <Flash message={p.done} />
      <h1>Staff</h1>
      {p.invited ? (
        <Notice kind="success" title="Invitation made">
          <p>
            The invitation was e-mailed to {p.invited.email}. If it does not arrive, give them this link (it
            works once, for 7 days, and is not shown again):
          </p>
          <p>
            <code data-invitation-link>{p.invited.link}</code>
          </p>
        </Notice>
      ) : null}
      <h2>People</h2>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">E-mail</th>
            <th scope="col">Role</th>
            <th scope="col">Second factors</th>
            <th scope="col">Last sign-in</th>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {p.staff.map((s) => (
            <tr key={s.staffId} data-staff={s.email}>
              <td>{s.displayName}</td>
              <td>{s.email}</td>
              <td>{s.role}</td>
              <td>
                {[
                  s.passkeys > 0 ? `${s.passkeys} passkey${s.passkeys > 1 ? 's' : ''}` : '',
                  s.totp ? 'authenticator app' : '',
                ]
                  .filter(Boolean)
                  .join(', ') || 'none'}
              </td>
              <td>{day(s.lastSignInAt)}</td>
              <td>{status(s, p.now)}</td>
              <td>
                {s.disabledAt === null ? (
                  <form method="post" action={`/office/staff/${s.staffId}/disable`} class="inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" class="link-button">
                      Disable {s.displayName}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {p.invitations.length > 0 ? (
        <>
          <h3>Open invitations</h3>
          <ul>
            {p.invitations.map((i) => (
              <li key={i.invitationId}>
                {i.displayName} ({i.email}), {i.role}, until {day(i.expiresAt)}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Invite someone</h2>
      <form method="post" action="/office/staff/invite" data-validate>
        <Csrf token={p.csrf} />
        <TextField
          name="displayName"
          label="Name"
          value={p.values.displayName}
          required
          error={p.errors.displayName}
          invalidMessage="Enter the person's name"
        />
        <TextField
          name="email"
          type="email"
          label="Work e-mail address"
          value={p.values.email}
          required
          error={p.errors.email}
          spellcheck={false}
          invalidMessage="Enter an e-mail address"
        />
        <SelectField
          name="role"
          label="Role"
          value={p.values.role ?? 'clerk'}
          error={p.errors.role}
          required
          options={[
            { value: 'clerk', label: 'Clerk: reviews requests and ballots' },
            { value: 'auditor', label: 'Auditor: reads everything, changes nothing' },
            { value: 'admin', label: 'Admin: a clerk who also manages staff and keys' },
          ]}
        />
        <button type="submit" class="button">
          Make the invitation link
        </button>
      </form>
      <h2>Machine keys</h2>
      <p>Office keys for programs that call the office API. People sign in with their own accounts.</p>
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Role</th>
            <th scope="col">Label</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Action</th>
          </tr>
        </thead>
        <tbody>
          {p.keys.map((k) => (
            <tr key={k.keyId} data-key={k.keyId}>
              <td>
                <code>{k.keyId.slice(0, 8)}</code>
              </td>
              <td>{k.role}</td>
              <td>{k.label ?? ''}</td>
              <td>{day(k.createdAt)}</td>
              <td>{day(k.expiresAt)}</td>
              <td>{k.revokedAt !== null ? `revoked ${day(k.revokedAt)}` : k.live ? 'live' : 'expired'}</td>
              <td>
                {k.revokedAt === null ? (
                  <form method="post" action={`/office/staff/api-keys/${k.keyId}/revoke`} class="inline">
                    <Csrf token={p.csrf} />
                    <button type="submit" class="link-button">
                      Revoke key {k.keyId.slice(0, 8)}
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
