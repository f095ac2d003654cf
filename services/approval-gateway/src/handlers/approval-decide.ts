import { htmlHandler, page } from '@shared/http/html-handler';
import type { HttpEvent } from '@shared/http/http-handler';
import { decide } from '../approvals/decide';
import { parseDecisionForm } from '../approvals/decision-form';
import { config } from '../config';
import { decisionRecordedPage } from '../pages/outcome-pages';
import { approvalDeps } from '../wiring';
import { PAGE_OPTIONS } from './page-handler';

const deps = approvalDeps();

/** A form with a 500-character comment is far below this. */
const MAX_FORM_BYTES = 8 * 1024;

/** POST /approvals/{token}: `decision=approve|reject` and an optional `comment`. */
export const handler = htmlHandler<Record<string, string>>(
  async (event: HttpEvent<Record<string, string>>) => {
    const token = event.pathParameters?.token;
    const now = new Date();
    const input = await parseDecisionForm(deps.store, token, event.body, now);
    const made = await decide(
      deps,
      token,
      input,
      {
        sourceIp: event.requestContext.http.sourceIp,
        userAgent: event.headers['user-agent'],
        requestId: event.requestContext.requestId,
      },
      now,
    );
    return page(200, decisionRecordedPage(made.review.approval, made.decision, made.decidedAt));
  },
  {
    ...PAGE_OPTIONS,
    formBodyMaxBytes: MAX_FORM_BYTES,
    sameOrigin: { allowedOrigins: [config.publicBaseUrl] },
  },
);
