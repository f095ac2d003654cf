import { randomBytes, randomUUID } from 'node:crypto';

/** Random identifiers shaped like the ones AWS hands out. */

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function randomAlphanumeric(length: number): string {
  return Array.from(randomBytes(length), (byte) => ALPHANUMERIC[byte % ALPHANUMERIC.length]).join('');
}

export const randomHex = (length: number) =>
  randomBytes(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);

export const randomLower = (length: number) => randomAlphanumeric(length).toLowerCase();

export const uuid = () => randomUUID();

/**
 * The name CloudFormation gives a resource the template did not name: `<stack>-<logical id>-<random>`,
 * the first two parts cut to fit the service's limit.
 */
export function generatedName(stackName: string, logicalId: string, maxLength = 64, lowerCase = false): string {
  const suffix = randomAlphanumeric(12);
  const room = maxLength - suffix.length - 1;
  const name = `${`${stackName}-${logicalId}`.slice(0, room)}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}
