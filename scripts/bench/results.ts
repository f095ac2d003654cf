import type { ImportAnalysis } from './analysis';
import type { SubjectRuns } from './cold-start';
import type { LoadResults, RouteLoad } from './load';
import type { RunTiming } from './runs';
import type { ScaleResult } from './scale';
import { type Summary, summarize } from './stats';
import { type FunctionJudgement, judgeFunction, judgeLoad, type TARGETS, type Verdict } from './targets';

export interface Phases {
  boot: Summary;
  load: Summary;
  invoke: Summary;
  /** load + invoke per run. */
  code: Summary;
  /** spawn → first invocation resolved: the cold start. */
  cold: Summary;
}

export interface FunctionResult {
  id: string;
  zipBytes: number;
  unzippedBytes: number;
  phases: Phases;
  failures: string[];
  pythonPeer: string;
  judgement: FunctionJudgement;
}

export interface ReferenceResult {
  id: string;
  does: string;
  phases: Phases;
  failures: string[];
}

export interface ExperimentResult extends ReferenceResult {
  bytes: number;
  floorRatio: number;
  /** Against the DynamoDB Python peer. */
  pythonSpeedup?: number;
}

export interface BenchResults {
  generatedAt: string;
  machine: { node: string; platform: string; cpus: number; cpuModel: string; loadAverage: number[] };
  python: { command: string; version: string; boto3: string } | { skipped: string };
  runsPerSubject: number;
  targets: typeof TARGETS;
  floor: ReferenceResult;
  functions: FunctionResult[];
  pythonPeers: ReferenceResult[];
  /** Variants of activityCreate measured in the same rounds: what a change would buy. */
  experiments: ExperimentResult[];
  load?: LoadResults & { verdict: Verdict };
  analysis: ImportAnalysis[];
  /** Functions timed over a small and a large data set (scale.ts); absent in runs from before. */
  scale?: ScaleResult[];
}

/** Median, min, max of every phase of a subject's runs. */
export function phasesOf(timings: readonly RunTiming[]): Phases {
  const of = (pick: (timing: RunTiming) => number) => summarize(timings.map(pick));
  return {
    boot: of((timing) => timing.bootMs),
    load: of((timing) => timing.loadMs),
    invoke: of((timing) => timing.invokeMs),
    code: of((timing) => timing.codeMs),
    cold: of((timing) => timing.coldMs),
  };
}

export interface FunctionFacts {
  id: string;
  zipBytes: number;
  unzippedBytes: number;
  pythonPeer: string;
}

/** Puts the runs together with bundle sizes and judges every function against the targets. */
export function functionResults(
  facts: readonly FunctionFacts[],
  runs: readonly SubjectRuns[],
  floor: Phases,
  peers: ReadonlyMap<string, Phases>,
): FunctionResult[] {
  return facts.map((fact) => {
    const own = runs.find((run) => run.id === fact.id);
    const phases = phasesOf(own?.timings ?? []);
    const peer = peers.get(fact.pythonPeer);
    return {
      ...fact,
      phases,
      failures: own?.failures ?? [],
      judgement: judgeFunction({
        coldMs: phases.cold.median,
        floorMs: floor.cold.median,
        pythonMs: peer?.cold.median,
        zipBytes: fact.zipBytes,
      }),
    };
  });
}

/** Every measured route of a load run. */
export function loadRoutes(load: LoadResults): RouteLoad[] {
  return [load.post, load.get, ...(load.week ? [load.week] : [])];
}

/** The load results with their verdict: no errors, no non-2xx, nothing lost, stored = acknowledged. */
export function judgedLoad(load: LoadResults): LoadResults & { verdict: Verdict } {
  const errors = loadRoutes(load).reduce((sum, route) => sum + route.errors, 0);
  const non2xx = loadRoutes(load).reduce((sum, route) => sum + route.non2xx, 0);
  const fewestAnswered = Math.min(...loadRoutes(load).map((route) => route.requests));
  const verdict = judgeLoad({ errors, non2xx, lost: load.records.lost, fewestAnswered });
  return { ...load, verdict: verdict === 'met' && !load.records.consistent ? 'missed' : verdict };
}

/** Each experiment's phases, and its ratios to the floor and to the DynamoDB Python peer. */
export function experimentResults(
  experiments: readonly { id: string; does: string; bytes: number }[],
  runs: readonly SubjectRuns[],
  floor: Phases,
  dynamodbPeer: Phases | undefined,
): ExperimentResult[] {
  return experiments.map((experiment) => {
    const own = runs.find((run) => run.id === experiment.id);
    const phases = phasesOf(own?.timings ?? []);
    return {
      ...experiment,
      phases,
      failures: own?.failures ?? [],
      floorRatio: phases.cold.median / floor.cold.median,
      pythonSpeedup: dynamodbPeer === undefined ? undefined : dynamodbPeer.cold.median / phases.cold.median,
    };
  });
}
