import { completeSignIn } from './lib/auth';

completeSignIn().catch((error: unknown) => {
  const status = document.getElementById('callback-status');
  if (status)
    status.textContent = `Sign-in did not complete: ${error instanceof Error ? error.message : String(error)}`;
});
