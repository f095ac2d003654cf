import type { ImportAnalysis } from './analysis';
import type { SubjectRuns } from './cold-start';
import type { LoadResults, RouteLoad } from './load';
import type { RunTiming } from './runs';
import { type SameWorkTwin, sameWorkId } from './same-work-twins';
import type { ScaleResult } from './scale';
import { type Summary, summarize } from './stats';
import { type FunctionJudgement, judgeFunction, judgeLoad, machineBusy, type TARGETS, type Verdict } from './targets';
import { type FunctionKind, type Twin, twinId } from './twins';

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
  kind: FunctionKind;
  judgement: FunctionJudgement;
}

export interface ReferenceResult {
  id: string;
  does: string;
  phases: Phases;
  failures: string[];
}

export interface TwinResult extends ReferenceResult, Twin {
  kind: FunctionKind;
  bytes: number;
  floorRatio: number;
  /** Against the Python peer of the function whose event it runs. */
  pythonSpeedup?: number;
}

export interface SameWorkTwinResult extends SameWorkTwin {
  phases: Phases;
  failures: string[];
}

export interface BenchResults {
  generatedAt: string;
  machine: {
    node: string;
    platform: string;
    cpus: number;
    cpuModel: string;
    /** 1-, 5- and 15-minute load averages at the end of the run, and at its start (absent in older results). */
    loadAverage: number[];
    loadAtStart?: number[];
  };
  python: { command: string; version: string; boto3: string } | { skipped: string };
  runsPerSubject: number;
  targets: typeof TARGETS;
  floor: ReferenceResult;
  functions: FunctionResult[];
  pythonPeers: ReferenceResult[];
  /** Each kind's SDK-minimal twin, measured in the same rounds (absent in results from before the twins). */
  twins?: TwinResult[];
  /** Each function's twin making its AWS calls, right after it in every round (absent in older results). */
  sameWorkTwins?: SameWorkTwinResult[];
  /** The load test's results, or why it did not finish (the local stack did not start, …). */
  load?: (LoadResults & { verdict: Verdict }) | LoadFailure;
  analysis: ImportAnalysis[];
  /** Functions timed over a small and a large data set (scale.ts); absent in runs from before. */
  scale?: ScaleResult[];
}

/** A load test that did not finish: unreliable on a busy machine, missed on a quiet one. */
export interface LoadFailure {
  failed: string;
  machine: LoadResults['machine'];
  verdict: Verdict;
}

/** A load test that threw, judged by the machine's load at the time. */
export function failedLoad(error: unknown, machine: LoadResults['machine']): LoadFailure {
  const busy = machineBusy({
    cpus: machine.cpus,
    loadBefore: machine.loadBefore[0] ?? 0,
    loadAfter: machine.loadAfter[0] ?? 0,
  });
  return {
    failed: error instanceof Error ? error.message : String(error),
    machine,
    verdict: busy ? 'unreliable' : 'missed',
  };
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
  kind: FunctionKind;
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
    const twin = runs.find((run) => run.id === sameWorkId(fact.id));
    const kindTwin = runs.find((run) => run.id === twinId(fact.kind));
    return {
      ...fact,
      phases,
      failures: own?.failures ?? [],
      judgement: judgeFunction({
        coldMs: phases.cold.median,
        floorMs: floor.cold.median,
        twinMs: twin === undefined ? undefined : phasesOf(twin.timings).cold.median,
        kindTwinMs: kindTwin === undefined ? undefined : phasesOf(kindTwin.timings).cold.median,
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

/** The load results with their verdict: no errors, no non-2xx, nothing lost, stored = acknowledged; unreliable on a busy machine. */
export function judgedLoad(load: LoadResults): LoadResults & { verdict: Verdict } {
  const errors = loadRoutes(load).reduce((sum, route) => sum + route.errors, 0);
  const non2xx = loadRoutes(load).reduce((sum, route) => sum + route.non2xx, 0);
  const fewestAnswered = Math.min(...loadRoutes(load).map((route) => route.requests));
  const { cpus, loadBefore, loadAfter } = load.machine;
  const verdict = judgeLoad({
    errors,
    non2xx,
    lost: load.records.lost,
    fewestAnswered,
    cpus,
    loadBefore: loadBefore[0] ?? 0,
    loadAfter: loadAfter[0] ?? 0,
  });
  return { ...load, verdict: verdict === 'met' && !load.records.consistent ? 'missed' : verdict };
}

/** Each twin's phases, and its ratios to the floor and to the Python peer of the function whose event it runs. */
export function twinResults(
  twins: readonly Twin[],
  runs: readonly SubjectRuns[],
  floor: Phases,
  peerOf: (twin: Twin) => Phases | undefined,
): TwinResult[] {
  return twins.map((twin) => {
    const own = runs.find((run) => run.id === twin.id);
    const phases = phasesOf(own?.timings ?? []);
    const peer = peerOf(twin);
    return {
      ...twin,
      phases,
      failures: own?.failures ?? [],
      floorRatio: phases.cold.median / floor.cold.median,
      pythonSpeedup: peer === undefined ? undefined : peer.cold.median / phases.cold.median,
    };
  });
}

/** Each same-work twin's phases. */
export function sameWorkResults(twins: readonly SameWorkTwin[], runs: readonly SubjectRuns[]): SameWorkTwinResult[] {
  return twins.map((twin) => {
    const own = runs.find((run) => run.id === twin.id);
    return { ...twin, phases: phasesOf(own?.timings ?? []), failures: own?.failures ?? [] };
  });
}
