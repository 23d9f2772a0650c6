import { ErrorSummary, TextField, type FieldErrors } from '../components';

export function SignInPage({ error, next }: { error?: string; next?: string }) {
  const errors: FieldErrors = error ? { key: error } : {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Sign in to your election office</h1>
      <p>Use the office key you were given. It is never shown again after you type it.</p>
      <form method="post" action="/office/sign-in" data-validate>
        <input type="hidden" name="next" value={next ?? '/office'} />
        <TextField
          name="key"
          type="password"
          label="Office key"
          hint="It starts with uk_"
          autocomplete="current-password"
          required
          error={error}
          spellcheck={false}
          invalidMessage="Enter your office key"
          autofocus
        />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
    </>
  );
}
