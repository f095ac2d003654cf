import { htmlHandler, page } from '@shared/http/html-handler';
import { openReview } from '../approvals/review';
import { reviewPage } from '../pages/review-page';
import { store } from '../wiring';
import { PAGE_OPTIONS } from './page-handler';

/** GET and HEAD /approvals/{token}: reads only, so mail scanners that follow the link change nothing. */
export const handler = htmlHandler(
  async (event) => page(200, reviewPage(await openReview(store, event.pathParameters?.token, new Date()))),
  PAGE_OPTIONS,
);
