/** Where bytes and CPU time go, by package: the pure part of the import analysis. */

/** `node_modules/@scope/name/...` → `@scope/name`; Runway's own code by folder; anything else as is. */
export function packageOf(path: string): string {
  const normalized = path.replaceAll('\\', '/');
  const index = normalized.lastIndexOf('node_modules/');
  if (index >= 0) {
    const [first = '', second = ''] = normalized.slice(index + 'node_modules/'.length).split('/');
    return first.startsWith('@') ? `${first}/${second}` : first;
  }
  if (normalized.includes('/generated/')) return 'runway (compiled schemas)';
  const service = /services\/([^/]+)\/src\//.exec(normalized);
  if (service) return `runway ${service[1]}/src`;
  if (normalized.includes('shared/src/')) return 'runway shared/src';
  return normalized;
}

/** A package's family, to read a profile at a glance. */
export function familyOf(pkg: string): string {
  if (/^@(aws-sdk|smithy|aws-crypto)\//.test(pkg) || pkg === 'fast-xml-parser' || pkg === 'strnum' || pkg === 'tslib') {
    return 'AWS SDK';
  }
  if (pkg.startsWith('@aws-lambda-powertools/')) return 'Powertools logger';
  if (pkg.startsWith('@middy/')) return 'Middy';
  if (pkg.startsWith('runway')) return 'Runway code';
  if (pkg.startsWith('(')) return pkg;
  return 'other packages';
}

/** Adds `amount` to `key` in a tally. */
export function tally<K>(totals: Map<K, number>, key: K, amount: number): void {
  totals.set(key, (totals.get(key) ?? 0) + amount);
}

/** The largest entries of a tally, largest first. */
export function largest(totals: ReadonlyMap<string, number>, count: number): [string, number][] {
  return [...totals.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
}

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/**
 * Self time (ms) per node of a V8 CPU profile: each sample is charged the
 * time until the next one.
 */
export function selfTimes(profile: CpuProfile): Map<number, number> {
  const times = new Map<number, number>();
  profile.samples.forEach((nodeId, index) => {
    const delta = profile.timeDeltas[index + 1] ?? 0;
    tally(times, nodeId, delta / 1000);
  });
  return times;
}

function nodeInternalCategory(url: string): string {
  if (/modules\/|vm|source_map/.test(url)) return '(Node.js: module loader, compiling the bundle)';
  if (/http|net|stream|dns|tls|url|timers|async_hooks|events/.test(url)) return '(Node.js: HTTP and sockets)';
  if (/bootstrap|process|main\/|realm|options/.test(url)) return '(Node.js: bootstrap)';
  return '(Node.js: other internals)';
}

/** The category of a profile node that is not in the bundle: V8's own entries, Node's internals. */
export function builtinCategory(node: ProfileNode): string | undefined {
  const { functionName, url } = node.callFrame;
  if (functionName === '(garbage collector)') return '(garbage collector)';
  if (functionName === '(idle)') return '(idle: waiting for AWS answers)';
  if (functionName === '(program)' || functionName === '(root)') return '(V8: parse, compile, native)';
  if (url.startsWith('node:') || url === '') return nodeInternalCategory(url);
  return undefined;
}
