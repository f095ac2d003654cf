/** An error AWS would answer with: its code, message and HTTP status, as the service's protocol renders it. */
export class AwsError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra fields some protocols carry (S3's `BucketName`, `Key`). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AwsError';
  }
}

/** CloudFormation's catch-all refusal (`ValidationError`, HTTP 400). */
export const validationError = (message: string) => new AwsError('ValidationError', message);

/** A call the stand-in does not answer: the journal lists these so a rehearsal shows what is missing. */
export class UnknownOperationError extends AwsError {
  constructor(
    readonly action: string,
    code: string,
    status: number,
  ) {
    super(code, `${action} is not answered by the AWS stand-in`, status);
  }
}
