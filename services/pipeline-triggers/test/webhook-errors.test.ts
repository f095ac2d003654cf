import { httpErrorFor } from '../src/handlers/webhook-handler';
import { InvalidWebhookPayloadError, pushFromGithub, webhookPayload } from '../src/source/github-webhook';

describe('webhook payload errors', () => {
  it('name the field a push payload lacks, and answer 400 naming it', () => {
    let thrown: unknown;
    try {
      pushFromGithub({ ref: 'refs/heads/main' });
    } catch (error) {
      thrown = error;
    }

    expect(thrown).toBeInstanceOf(InvalidWebhookPayloadError);
    expect(httpErrorFor(thrown)).toMatchObject({
      statusCode: 400,
      message: 'Push payload is incomplete',
      errors: [{ field: 'after', problem: 'is required' }],
    });
  });

  it('answer 400 naming the body when the payload is not JSON', () => {
    let thrown: unknown;
    try {
      webhookPayload(Buffer.from('{"ref":'), 'application/json');
    } catch (error) {
      thrown = error;
    }

    expect(httpErrorFor(thrown)).toMatchObject({
      statusCode: 400,
      errors: [{ field: 'body', problem: 'is not valid JSON' }],
    });
  });

  it('leave any other error as it is', () => {
    const error = new Error('boom');

    expect(httpErrorFor(error)).toBe(error);
  });
});
