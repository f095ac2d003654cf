import type { Caller } from '@shared/auth/caller';
import { hasRole } from '@shared/auth/caller';
import { fieldError } from '@shared/errors';
import { NotPermittedError } from '../activities/errors';
import { WeekStateConflictError } from './errors';
import type { WeekId } from './iso-week';

export const WEEK_STATES = ['open', 'submitted', 'approved', 'rejected'] as const;
export type WeekState = (typeof WEEK_STATES)[number];

export const WEEK_ACTIONS = ['submit', 'withdraw', 'approve', 'reject', 'reopen'] as const;
export type WeekAction = (typeof WEEK_ACTIONS)[number];

/** Hours of a week: per date (every date of the week) and in total. */
export interface WeekHours {
  byDate: Record<string, number>;
  week: number;
}

/** One kept step of a week's life: who did what, when, and what they said. */
export interface HistoryEntry {
  action: WeekAction;
  byId: string;
  by: string;
  at: string;
  comment?: string;
  /** Submit, approve and reject: the week's revision the step was taken on ... */
  revision?: number;
  /** ... and its hours then: what was submitted, and what the manager approved or rejected. */
  hours?: WeekHours;
}

/** The stored state of one engineer's week; a week nobody touched yet is `open` with no history. */
export interface WeekRecord {
  engineerId: string;
  week: WeekId;
  /** The engineer's display name when the week was last submitted (absent before a first submit). */
  engineer?: string;
  state: WeekState;
  history: HistoryEntry[];
  updatedAt?: string;
  /** Writes of the week's records so far: every create, change and delete adds one (week-gate.ts). */
  revision?: number;
  /** What the last submit covered: the revision and the hours the manager decides on. */
  submitted?: { revision: number; hours: WeekHours };
}

interface TransitionRule {
  from: readonly WeekState[];
  to: WeekState;
  /** Who may take the step: the week's own engineer, or a manager other than that engineer. */
  by: 'owner' | 'manager';
  /** Name of the field that must carry a non-empty comment, when one is required. */
  comment?: 'comment' | 'reason';
}

/**
 * The state machine: open → submitted → approved | rejected; rejected → submitted;
 * submitted → (withdraw, by the engineer) → open; approved → (reopen, with a reason) → open.
 * While submitted, the week's records are frozen (week-gate.ts); approved, they are locked.
 */
export const TRANSITIONS: Record<WeekAction, TransitionRule> = {
  submit: { from: ['open', 'rejected'], to: 'submitted', by: 'owner' },
  withdraw: { from: ['submitted'], to: 'open', by: 'owner' },
  approve: { from: ['submitted'], to: 'approved', by: 'manager' },
  reject: { from: ['submitted'], to: 'rejected', by: 'manager', comment: 'comment' },
  reopen: { from: ['approved'], to: 'open', by: 'manager', comment: 'reason' },
};

export const MAX_COMMENT_LENGTH = 1000;

export interface TransitionRequest {
  action: WeekAction;
  actor: Caller;
  /** The engineer whose week it is. */
  engineerId: string;
  comment?: string;
  now: Date;
}

export interface PlannedTransition {
  from: readonly WeekState[];
  to: WeekState;
  entry: HistoryEntry;
}

/** Who may act and with what comment; the current state is checked where the write happens (conditional). */
export function planTransition(request: TransitionRequest): PlannedTransition {
  const rule = TRANSITIONS[request.action];
  const { actor } = request;
  if (rule.by === 'owner' && actor.id !== request.engineerId) {
    throw new NotPermittedError(
      `Only the engineer whose week it is can ${request.action} it`,
      'week',
      'belongs to another engineer',
    );
  }
  if (rule.by === 'manager') {
    if (!hasRole(actor, 'manager')) {
      throw new NotPermittedError(`Only a manager can ${request.action} a week`, 'role', 'manager is required');
    }
    if (actor.id === request.engineerId) {
      throw new NotPermittedError(
        `A manager cannot ${request.action} their own week`,
        'engineer',
        'is the caller; another manager decides',
      );
    }
  }
  const comment = request.comment?.trim() ?? '';
  if (rule.comment !== undefined && comment === '') throw fieldError(rule.comment, `is required to ${request.action}`);
  if (comment.length > MAX_COMMENT_LENGTH) {
    throw fieldError(rule.comment ?? 'comment', `must be at most ${MAX_COMMENT_LENGTH} characters`);
  }
  return {
    from: rule.from,
    to: rule.to,
    entry: {
      action: request.action,
      byId: actor.id,
      by: actor.name,
      at: request.now.toISOString(),
      ...(comment === '' ? {} : { comment }),
    },
  };
}

/** The refusal of a step the week's current state does not allow (a 409 at the HTTP edge). */
export function wrongState(action: WeekAction, week: WeekId, state: WeekState): WeekStateConflictError {
  return new WeekStateConflictError(action, week, state, TRANSITIONS[action].from);
}

/** Approved weeks are locked: nobody creates, changes or deletes their records until a manager reopens them. */
export function isLocked(state: WeekState): boolean {
  return state === 'approved';
}
