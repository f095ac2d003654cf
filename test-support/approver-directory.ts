import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { directoryDocument, parseApproverDirectory } from '../shared/src/approvals/approver-directory';
import type { AwsRecorder } from './aws-recorder';
import { ROOT } from './paths';

/** The approver directory of every stage without a file of its own: the one the local stack serves. */
export const LOCAL_DIRECTORY_FILE = 'directory/default.yml';

/** The SSM parameter both services read, as packaging names it (`approverDirectoryParameter`). */
export const directoryParameterName = (stage: string) => `/runway/${stage}/approver-directory`;

/** The decide function's role (approval-gateway's `decideRoleName`), in the region the services default to. */
export const decideRoleName = (stage: string) => `runway-approval-gateway-${stage}-decide-us-east-1`;

/** The checked directory file as the SSM parameter holds it (what packaging writes). */
export function directoryParameterValue(file = LOCAL_DIRECTORY_FILE): string {
  return JSON.stringify(directoryDocument(parseApproverDirectory(yaml.load(readFileSync(join(ROOT, file), 'utf8')))));
}

/** Lets `recorder` stand in for SSM's GetParameter of the stage's directory (the local stack has no SSM). */
export function serveDirectory(recorder: AwsRecorder, stage: string, file = LOCAL_DIRECTORY_FILE): void {
  const name = directoryParameterName(stage);
  const value = directoryParameterValue(file);
  recorder.respond('GetParameter', (call) =>
    call.body.Name === name
      ? { body: { Parameter: { Name: name, Type: 'String', Value: value, Version: 1 } } }
      : { error: { code: 'ParameterNotFound', message: `${String(call.body.Name)} not found` } },
  );
}
