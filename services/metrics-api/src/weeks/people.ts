/** A person of the organisation's directory. */
export interface Person {
  id: string;
  email: string;
  name: string;
}

/**
 * Who works here: the engineers a reminder may go to and the managers a submitted week goes to.
 * Cognito groups when deployed (cognito-people.ts); a fixed list locally and in tests.
 */
export interface People {
  listEngineers(): Promise<Person[]>;
  /** The managers who decide this engineer's weeks (never the engineer themself). */
  managersOf(engineerId: string): Promise<Person[]>;
}

export interface DirectoryEntry extends Person {
  groups: readonly string[];
}

/** A directory from a fixed list, as the local stack seeds it. The pool has no hierarchy: every manager manages every engineer. */
export function staticPeople(entries: readonly DirectoryEntry[]): People {
  const inGroup = (group: string) =>
    entries.filter((entry) => entry.groups.includes(group)).map(({ id, email, name }) => ({ id, email, name }));
  return {
    listEngineers: async () => inGroup('engineers'),
    managersOf: async (engineerId) => inGroup('managers').filter((manager) => manager.id !== engineerId),
  };
}

/** Parses the JSON list the local stack passes (`[{ id, email, name, groups }]`); throws on anything else. */
export function parseDirectory(json: string): DirectoryEntry[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value)) throw new Error('The people directory must be a JSON array');
  return value.map((entry: unknown, index) => {
    const candidate = entry as Partial<DirectoryEntry> | null;
    if (
      typeof candidate?.id !== 'string' ||
      typeof candidate.email !== 'string' ||
      typeof candidate.name !== 'string' ||
      !Array.isArray(candidate.groups)
    ) {
      throw new Error(`People directory entry ${index} needs id, email, name and groups`);
    }
    return { id: candidate.id, email: candidate.email, name: candidate.name, groups: candidate.groups };
  });
}
