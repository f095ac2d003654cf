export default async function globalTeardown(): Promise<void> {
  await globalThis.__RUNWAY_STACK__?.close();
}
