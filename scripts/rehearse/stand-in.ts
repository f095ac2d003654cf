/**
 * Starts the local AWS stand-in (scripts/aws-standin) with its journal written to a file.
 */
export interface StandIn {
  url: string;
  close(): Promise<void> | void;
}

interface StandInModule {
  startAwsStandin(options: { journalFile?: string }): Promise<StandIn>;
}

export async function startStandIn(journalFile: string): Promise<StandIn> {
  // Loaded by path: the stand-in is its own module, started here only through its interface.
  const modulePath = '../aws-standin/server';
  const { startAwsStandin } = (await import(modulePath)) as StandInModule;
  return startAwsStandin({ journalFile });
}
