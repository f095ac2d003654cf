/**
 * The review of the import's merges, as a file a person edits: every proposed merge (spellings
 * that differ only in case or spacing) with `"accept": false` and the name it would get. The
 * reviewer sets `accept` to true for the merges they agree with, and may pick another spelling
 * of the same name; the next run with the same file applies those and leaves the others unlinked.
 */
import Ajv from 'ajv';
import { nameKey } from '../shared/src/catalogue/name-key';

/** The spellings of one name, as the plan has them (see import-catalogue's Variants). */
export interface MergeCandidate {
  key: string;
  name: string;
  spellings: { spelling: string; records: number }[];
  /** Set for a project: the name key of its customer. */
  customerKey?: string;
}

export interface ReviewedMerge {
  id: string;
  kind: 'customer' | 'project';
  /** The name the merged entry gets: any spelling of the same name (case and spacing). */
  name: string;
  /** Each spelling and how many records carry it, for the reviewer to judge. */
  spellings: Record<string, number>;
  accept: boolean;
}

export interface ReviewFile {
  about: string;
  merges: ReviewedMerge[];
}

/** What a review says of one merge: accepted under a name, or not (yet). */
export type Review = (merge: MergeCandidate) => { name: string } | undefined;

export const acceptAll: Review = (merge) => ({ name: merge.name });
export const acceptNone: Review = () => undefined;

/** A merge's id in the file: stable across runs, so a reviewed file still applies after new records. */
export const mergeId = (merge: MergeCandidate) =>
  merge.customerKey === undefined ? `customer:${merge.key}` : `project:${merge.customerKey}/${merge.key}`;

const ABOUT =
  'Set "accept" to true for each merge to apply (you may change "name" to another spelling of the same name), ' +
  'then run the import again with --review-file <this file> --apply. Merges left false stay unlinked.';

/** The file a dry run writes for the merges of a plan. */
export function reviewFileFor(merges: readonly MergeCandidate[]): ReviewFile {
  return {
    about: ABOUT,
    merges: merges.map((merge) => ({
      id: mergeId(merge),
      kind: merge.customerKey === undefined ? 'customer' : 'project',
      name: merge.name,
      spellings: Object.fromEntries(merge.spellings.map(({ spelling, records }) => [spelling, records])),
      accept: false,
    })),
  };
}

const validate = new Ajv({ allErrors: true }).compile<ReviewFile>({
  type: 'object',
  required: ['merges'],
  properties: {
    about: { type: 'string' },
    merges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'accept'],
        properties: {
          id: { type: 'string', pattern: '^(customer|project):' },
          kind: { enum: ['customer', 'project'] },
          name: { type: 'string', minLength: 1 },
          spellings: { type: 'object', additionalProperties: { type: 'integer' } },
          accept: { type: 'boolean' },
        },
      },
    },
  },
});

/** Reads a review file; refuses a malformed one, naming what is wrong. */
export function parseReview(text: string, file: string): ReviewFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (!validate(parsed)) {
    const [first] = validate.errors ?? [];
    throw new Error(`${file}: ${first?.instancePath || '/'} ${first?.message ?? 'is not a review file'}`);
  }
  return parsed;
}

/**
 * The decisions of a review file. An accepted merge's name must be a spelling of the merged name
 * (so the reviewer cannot turn a merge into a rename); the check runs before anything is written.
 */
export function reviewOf(file: ReviewFile, fileName: string): Review {
  const byId = new Map(file.merges.map((merge) => [merge.id, merge]));
  return (merge) => {
    const reviewed = byId.get(mergeId(merge));
    if (!reviewed?.accept) return undefined;
    const name = reviewed.name.trim().replace(/\s+/gu, ' ');
    if (nameKey(name) !== merge.key)
      throw new Error(`${fileName}: merge ${reviewed.id} names "${name}", which is not a spelling of "${merge.name}"`);
    return { name };
  };
}

/**
 * The file again after a dry run: the reviewer's decisions kept, merges that no longer exist
 * dropped, merges that appeared since (new records) added unaccepted.
 */
export function updatedReviewFile(previous: ReviewFile | undefined, merges: readonly MergeCandidate[]): ReviewFile {
  const fresh = reviewFileFor(merges);
  const kept = new Map((previous?.merges ?? []).map((merge) => [merge.id, merge]));
  return {
    about: ABOUT,
    merges: fresh.merges.map((merge) => {
      const old = kept.get(merge.id);
      return old === undefined ? merge : { ...merge, name: old.name, accept: old.accept };
    }),
  };
}
