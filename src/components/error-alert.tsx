import { ErrorCode, isKeyfobError } from '../oauth/errors';
import { ResetLocalData } from './reset-local-data';

import { errorSentence } from './error-alert-text';
import { UnlockForm } from './unlock-form';

export { errorSentence };

/** An error as the person sees it: the code (OAuth's own when there is one) and a plain sentence. */
export function ErrorAlert({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const code = isKeyfobError(error) ? (error.oauthError ?? error.code) : 'ERROR';
  const description = isKeyfobError(error) ? error.oauthErrorDescription : undefined;
  return (
    <div role="alert" className="alert">
      <p>
        <strong>
          <code>{code}</code>
        </strong>{' '}
        {errorSentence(error)}
      </p>
      {description && !errorSentence(error).includes(description) && (
        <p className="muted">The provider said: {description}</p>
      )}
      {isKeyfobError(error, ErrorCode.STORAGE) && <ResetLocalData />}
      {isKeyfobError(error, ErrorCode.LOCKED) && <UnlockForm />}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
