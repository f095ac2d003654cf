/**
 * The local stand-in for approval-gateway's reminder schedule (an EventBridge schedule rule in
 * AWS, which serverless-offline does not run): invokes the reminder function through
 * serverless-offline's Lambda Invoke API on a timer, as the rule would.
 */

/** Runs one pass of the reminders; resolves with what the function answered. */
export async function invokeReminders(lambdaUrl: string, stage: string): Promise<unknown> {
  const name = `runway-approval-gateway-${stage}-onReminderSchedule`;
  const response = await fetch(`${lambdaUrl}/2015-03-31/functions/${name}/invocations`, {
    method: 'POST',
    // The shape of an EventBridge scheduled event; the function reads nothing from it.
    body: JSON.stringify({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} }),
  });
  const text = await response.text();
  if (!response.ok || response.headers.get('x-amz-function-error')) {
    throw new Error(`The reminder function failed (${response.status}): ${text}`);
  }
  return text === '' ? undefined : JSON.parse(text);
}

/** Invokes the reminders every `intervalMs` until stopped; a failed pass is logged, the next one runs anyway. */
export function startReminderTimer(lambdaUrl: string, stage: string, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => {
    invokeReminders(lambdaUrl, stage).catch((error: unknown) => console.error(String(error)));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
