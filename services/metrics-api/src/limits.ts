/** Largest accepted JSON body: an activity with 2000 characters of notes fits many times over. */
export const MAX_BODY_BYTES = 16 * 1024;
