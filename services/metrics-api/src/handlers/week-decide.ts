import { callerOf } from '@shared/auth/caller-of';
import { fieldError } from '@shared/errors';
import { httpHandler, json } from '@shared/http/http-handler';
import { MAX_BODY_BYTES } from '../limits';
import validate from '../weeks/generated/week-decision-event';
import { transitionWeek } from '../weeks/week-service';
import type { WeekAction } from '../weeks/week-state';
import { weekMail, weekStorage } from '../wiring';
import { API_ERRORS } from './api-handler';
import { weekParam } from './week-path';

const DECISIONS: Record<string, { action: WeekAction; text: 'comment' | 'reason' }> = {
  approve: { action: 'approve', text: 'comment' },
  reject: { action: 'reject', text: 'comment' },
  reopen: { action: 'reopen', text: 'reason' },
};

const deps = { ...weekStorage, ...weekMail() };

/** A manager's decision on an engineer's week: POST /weeks/{week}/approve | reject | reopen; the engineer is emailed. */
export const handler = httpHandler(
  async (event) => {
    // The route (`POST /weeks/{week}/approve`) names the decision; API Gateway and serverless-offline agree on it.
    const decision = DECISIONS[event.routeKey.split('/').at(-1) ?? ''];
    if (decision === undefined) throw fieldError('action', 'must be approve, reject or reopen');
    const result = await transitionWeek(deps, callerOf(event), {
      action: decision.action,
      week: weekParam(event),
      engineerId: event.body.engineer,
      comment: event.body[decision.text],
      now: new Date(),
    });
    return json(200, { ...result.view, notified: result.notified });
  },
  { ...API_ERRORS, jsonBodyMaxBytes: MAX_BODY_BYTES, validate },
);
