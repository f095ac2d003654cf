declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    path?: string;
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
  }
  function dynalite(options?: DynaliteOptions): Server;
  export default dynalite;
}

/** dynalite's internals that test-support/dynalite-transactions.ts builds TransactWriteItems from (CommonJS, untyped). */
declare module 'dynalite/db' {
  const db: {
    create(options: unknown): unknown;
    createKey(item: unknown, table: unknown): string;
    checkConditional(data: unknown, existingItem: unknown): unknown;
  };
  export default db;
}

declare module 'dynalite/validations' {
  const validations: {
    checkTypes(data: unknown, types: unknown): Record<string, unknown>;
    checkValidations(data: unknown, types: unknown, custom: unknown, store: unknown): void;
  };
  export default validations;
}
