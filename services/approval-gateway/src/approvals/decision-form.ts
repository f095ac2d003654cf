import type { DecisionForm } from './approval.schema';
import type { ApprovalStore } from './approval-store';
import type { DecisionInput } from './decide';
import { InvalidDecisionError } from './errors';
import validateDecisionForm from './generated/decision-form';
import { findReview, refusalFor } from './review';
import { invalidFields } from './validation';

/**
 * The decision a posted form asks for. On bad input (400) the review page is
 * shown again with the problem, but only for a real, still-open request: an
 * unknown token is a 404 whatever the form says.
 */
export async function parseDecisionForm(
  store: ApprovalStore,
  token: string | undefined,
  body: unknown,
  now: Date,
): Promise<DecisionInput> {
  if (validateDecisionForm(body)) {
    const form = body as DecisionForm;
    return { decision: form.decision, comment: form.comment ?? '' };
  }
  const fields = invalidFields(validateDecisionForm);
  const review = await findReview(store, token);
  throw new InvalidDecisionError(fields, refusalFor(review.approval, now) ? undefined : review);
}
