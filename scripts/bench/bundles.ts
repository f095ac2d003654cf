import { readFileSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { packageService, SERVICES } from '../../test-support/packaging';
import { type Template as CfnTemplate, functionEnvironment } from './cloudformation';
import { BENCH_STAGE } from './emulators';
import { type FunctionEvents, type FunctionKind, kindOf } from './twins';
import { extractZip } from './zip';

/** One packaged function, unzipped, ready for a cold start. */
export interface Bundle {
  /** `service/functionKey`. */
  id: string;
  service: string;
  functionKey: string;
  /** Deployed function name (`runway-<service>-dev-<key>`). */
  functionName: string;
  zipPath: string;
  zipBytes: number;
  unzippedBytes: number;
  /** The handler module inside the unzipped bundle, and its export. */
  modulePath: string;
  exportName: string;
  /** `src/handlers/x.ts`, for rebuilding it with a metafile. */
  sourceEntry: string;
  /** The function's environment from the packaged template, references resolved to plain strings. */
  environment: Record<string, string>;
  /** By what invokes it: which SDK-minimal twin it is compared with. */
  kind: FunctionKind;
}

interface ServerlessState {
  service: {
    functions: Record<
      string,
      { handler: string; name: string; events?: FunctionEvents; package?: { artifact?: string } }
    >;
  };
}

/** Splits `src/handlers/x.handler` into the module path and the export name. */
export function splitHandler(handler: string): { module: string; exportName: string } {
  const dot = handler.lastIndexOf('.');
  return { module: handler.slice(0, dot), exportName: handler.slice(dot + 1) };
}

/**
 * `serverless package --stage dev` for each of `services` into `<outDir>/package/<service>`,
 * exactly as deploy builds them; serverless-esbuild works in `<outDir>/esbuild/<service>`
 * so the services' own .esbuild folders (used by serverless-offline) are left alone.
 */
export async function packageBundles(
  outDir: string,
  log: (line: string) => void,
  options: { reusePackages?: boolean; services?: readonly string[] } = {},
): Promise<Bundle[]> {
  const bundles: Bundle[] = [];
  for (const service of options.services ?? SERVICES) {
    const packageDir = join(outDir, 'package', service);
    if (options.reusePackages) {
      log(`reusing the packages of ${service} in ${packageDir}`);
      bundles.push(...unpackService(service, packageDir, join(outDir, 'unzipped', service)));
      continue;
    }
    rmSync(packageDir, { recursive: true, force: true });
    const started = Date.now();
    await packageService(service, BENCH_STAGE, packageDir, {
      esbuildWorkFolder: join('..', '..', 'bench', 'out', 'esbuild', service),
    });
    log(`packaged ${service} (${BENCH_STAGE}) in ${Date.now() - started} ms`);
    bundles.push(...unpackService(service, packageDir, join(outDir, 'unzipped', service)));
  }
  return bundles;
}

function unpackService(service: string, packageDir: string, unzipRoot: string): Bundle[] {
  const state = JSON.parse(readFileSync(join(packageDir, 'serverless-state.json'), 'utf8')) as ServerlessState;
  const template = JSON.parse(
    readFileSync(join(packageDir, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as CfnTemplate;
  rmSync(unzipRoot, { recursive: true, force: true });
  return Object.entries(state.service.functions).map(([functionKey, definition]) => {
    const zipPath = join(packageDir, basename(definition.package?.artifact ?? `${functionKey}.zip`));
    const unzipped = join(unzipRoot, functionKey);
    const { module, exportName } = splitHandler(definition.handler);
    return {
      id: `${service}/${functionKey}`,
      service,
      functionKey,
      functionName: definition.name,
      zipPath,
      zipBytes: statSync(zipPath).size,
      unzippedBytes: extractZip(zipPath, unzipped),
      modulePath: join(unzipped, `${module}.js`),
      exportName,
      sourceEntry: `${module}.ts`,
      environment: functionEnvironment(template, definition.name),
      kind: kindOf(definition.events),
    };
  });
}
