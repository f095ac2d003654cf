import { markFailure, type Release, type ReleaseApproval, refusal } from './delivery-api';
import { describeParts, duration, failureCause, hours, when } from './delivery-format';
import { announce, element } from './dom';

const ROLE_NAMES = { qc: 'QC', pmo: 'PMO' } as const;

function approvalText(approval: ReleaseApproval): string {
  const who = approval.approver ?? 'approver not recorded (decided outside Runway’s email approval)';
  return `${who}, waited ${duration(approval.waitSeconds)}`;
}

function hoursText(release: Release): string {
  if (release.outcome === 'failed') return 'not counted (a failed release)';
  if (release.project === undefined) return 'unknown: the pipeline has no project yet';
  const recorded = release.hoursSincePreviousRelease;
  if (recorded === null || recorded === undefined) return 'unknown: no earlier release to count from';
  return `${hours(recorded)} on ${release.project}`;
}

function facts(release: Release): HTMLDListElement {
  const list = element('dl', undefined, { class: 'facts' });
  const add = (term: string, description: string, key: string) => {
    list.append(element('dt', term), element('dd', description, { 'data-fact': key }));
  };
  if (release.leadTimeSeconds !== undefined && release.parts !== undefined) {
    // Say where the lead time starts: the commit when CodePipeline dated it, else the execution's start.
    const from = release.committedAt === undefined ? 'from the pipeline’s start' : 'from the commit';
    add('Lead time', `${duration(release.leadTimeSeconds)} ${from}: ${describeParts(release.parts)}`, 'lead-time');
  }
  for (const approval of release.approvals) add(ROLE_NAMES[approval.role], approvalText(approval), approval.role);
  if (release.approvals.length === 0) add('Approvals', 'none in this execution', 'approvals');
  add('Hours since the previous release', hoursText(release), 'hours');
  if (release.commitId !== undefined || release.committedAt !== undefined) {
    const id = release.commitId?.slice(0, 12);
    const made = release.committedAt === undefined ? undefined : `committed ${when(release.committedAt)}`;
    add('Commit', [id, made].filter(Boolean).join(', '), 'commit');
  }
  if (release.failureMark !== undefined) {
    const { note, by, at } = release.failureMark;
    add('Caused a failure', `${note} (marked by ${by}, ${when(at)})`, 'failure-mark');
  }
  return list;
}

function outcomeBadge(release: Release): HTMLElement {
  const failed = release.outcome === 'failed' || release.failureCause !== undefined;
  const text = failed ? `Failed: ${failureCause(release.failureCause)}` : 'Succeeded';
  return element('span', text, { class: 'badge outcome', 'data-outcome': failed ? 'failed' : 'succeeded' });
}

/**
 * A manager's control on a successful release: mark it as having caused a failure (with a note,
 * asked for in place) or take the mark back. The answer or the API's refusal shows on the card.
 */
function failureControls(
  release: Release,
  status: HTMLElement,
  changed: (done: string) => void,
): HTMLElement | undefined {
  // A marked release counts as failed; its mark can be taken back. One that failed by itself has nothing to mark.
  if (release.outcome !== 'succeeded' && release.failureMark === undefined) return undefined;
  const box = element('div', undefined, { class: 'failure-controls' });
  const send = async (note: string | undefined) => {
    try {
      await markFailure(release.executionId, note);
      changed(
        note === undefined
          ? `The failure mark of the release of ${when(release.deployedAt)} is taken back.`
          : `The release of ${when(release.deployedAt)} is marked as having caused a failure.`,
      );
    } catch (error) {
      announce(status, refusal(error, 'The mark could not be saved.'), 'error');
    }
  };
  if (release.failureMark !== undefined) {
    const unmark = element('button', 'Remove the failure mark', { type: 'button', class: 'secondary' });
    unmark.addEventListener('click', () => void send(undefined));
    box.append(unmark);
    return box;
  }
  const open = element('button', 'Mark as caused a failure', { type: 'button', class: 'secondary' });
  const form = element('form', undefined, { class: 'failure-form', hidden: '' });
  const noteId = `failure-note-${release.executionId}`;
  const note = element('textarea', undefined, { id: noteId, rows: '2', maxlength: '1000', required: '' });
  form.append(
    element('label', 'What failed because of this release?', { for: noteId }),
    note,
    element('button', 'Save failure mark', { type: 'submit' }),
  );
  open.addEventListener('click', () => {
    form.hidden = false;
    open.hidden = true;
    note.focus();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = note.value.trim();
    if (text === '') {
      announce(status, 'Say what failed: the note is required.', 'error');
      note.focus();
      return;
    }
    void send(text);
  });
  box.append(open, form);
  return box;
}

/** The releases as cards, newest first: outcome, lead time and its parts, approvers and waits, hours. */
export function releaseCards(
  releases: Release[],
  options: { manageable: boolean; changed: (done: string) => void },
): HTMLLIElement[] {
  return releases.map((release) => {
    const card = element('li', undefined, {
      class: 'release',
      'data-execution-id': release.executionId,
      'data-outcome': release.outcome,
    });
    const heading = element('h3');
    heading.append(element('span', `${when(release.deployedAt)} · ${release.pipeline}`), ' ', outcomeBadge(release));
    const status = element('p', undefined, { class: 'status', role: 'status', 'aria-live': 'polite' });
    card.append(heading, facts(release));
    const controls = options.manageable ? failureControls(release, status, options.changed) : undefined;
    if (controls !== undefined) card.append(controls);
    card.append(status);
    return card;
  });
}
