import { StaffSignInForm } from '../../staff/staff.pages';
import { ErrorSummary, TextField, type FieldErrors } from '../components';

export function SignInPage({
  error,
  next,
  staffErrors,
  staffValues,
}: {
  error?: string;
  next?: string;
  staffErrors?: FieldErrors;
  staffValues?: Record<string, string>;
}) {
  const errors: FieldErrors = { ...(staffErrors ?? {}), ...(error ? { key: error } : {}) };
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Sign in to your election office</h1>
      <p>
        Sign in with your e-mail address and password; next you confirm it is you with your passkey or
        authenticator app.
      </p>
      <StaffSignInForm errors={staffErrors ?? {}} values={staffValues ?? {}} next={next ?? '/office'} />
      <h2>Sign in with an office key</h2>
      <p>For an office key you were given. It is never shown again after you type it.</p>
      <form method="post" action="/office/sign-in" data-validate>
        <input type="hidden" name="next" value={next ?? '/office'} />
        <TextField
          name="key"
          type="password"
          label="Office key"
          hint="It starts with uk_"
          autocomplete="off"
          required
          error={error}
          spellcheck={false}
          invalidMessage="Enter your office key"
        />
        <button type="submit" class="button">
          Sign in with the key
        </button>
      </form>
    </>
  );
}
