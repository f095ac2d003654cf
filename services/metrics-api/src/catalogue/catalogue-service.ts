import { randomUUID } from 'node:crypto';
import type { Caller } from '@shared/auth/caller';
import type { Catalogue } from '@shared/catalogue/catalogue';
import { assertSignedInRole, isManager } from '../activities/access';
import { NotPermittedError } from '../activities/errors';
import { catalogueView, type EntryItem, type EntryType, sameName } from './catalogue';
import type { CatalogueStore, EntryWriteOutcome } from './catalogue-store';
import { CatalogueRefusedError, duplicateName, entryNotFound } from './errors';

/** Everyone signed in reads the catalogue (engineers pick from it). */
export async function readCatalogue(store: CatalogueStore, caller: Caller): Promise<Catalogue> {
  assertSignedInRole(caller);
  return catalogueView(await store.entries());
}

/** Managers keep the catalogue. */
function assertMayEdit(caller: Caller): void {
  assertSignedInRole(caller);
  if (!isManager(caller)) {
    throw new NotPermittedError('Only managers change the catalogue', 'role', 'must be manager');
  }
}

/** A duplicate's answer names the entry that holds the name. */
async function refuseDuplicate(store: CatalogueStore, entry: EntryItem): Promise<never> {
  const holder = sameName(await store.entries(), entry.type, entry.customerId, entry.name);
  throw duplicateName(entry.name, holder?.name ?? entry.name);
}

async function settle(store: CatalogueStore, outcome: EntryWriteOutcome, entry: EntryItem): Promise<EntryItem> {
  if (outcome === 'written') return entry;
  if (outcome === 'duplicate') return refuseDuplicate(store, entry);
  throw new CatalogueRefusedError(
    409,
    `${entry.type} ${entry.id} changed meanwhile`,
    'id',
    'changed meanwhile; load it again',
  );
}

const newEntry = (type: EntryType, name: string, now: Date, customerId?: string): EntryItem => ({
  type,
  id: randomUUID(),
  name,
  ...(customerId === undefined ? {} : { customerId }),
  archived: false,
  createdAt: now.toISOString(),
  updatedAt: now.toISOString(),
});

export async function createCustomer(
  store: CatalogueStore,
  caller: Caller,
  input: { name: string },
  now: Date,
): Promise<EntryItem> {
  assertMayEdit(caller);
  const entry = newEntry('customer', input.name, now);
  return settle(store, await store.create(entry), entry);
}

/** A project under an existing customer that is not archived. */
export async function createProject(
  store: CatalogueStore,
  caller: Caller,
  input: { customerId: string; name: string },
  now: Date,
): Promise<EntryItem> {
  assertMayEdit(caller);
  const customer = await store.get('customer', input.customerId);
  if (customer === undefined) {
    throw new CatalogueRefusedError(
      400,
      `No customer ${input.customerId}`,
      'customerId',
      'is not a customer of the catalogue',
    );
  }
  if (customer.archived) {
    throw new CatalogueRefusedError(409, `Customer "${customer.name}" is archived`, 'customerId', 'is archived');
  }
  const entry = newEntry('project', input.name, now, customer.id);
  const outcome = await store.create(entry);
  // The customer is never deleted, so a failed creation that is no duplicate is an id collision: say changed.
  return settle(store, outcome, entry);
}

/** Renames and/or (un)archives an entry; records linked to it show the new name at once. */
export async function updateEntry(
  store: CatalogueStore,
  caller: Caller,
  type: EntryType,
  id: string,
  input: { name: string; archived: boolean },
  now: Date,
): Promise<EntryItem> {
  assertMayEdit(caller);
  const previous = await store.get(type, id);
  if (previous === undefined) throw entryNotFound('id', id);
  const next: EntryItem = { ...previous, name: input.name, archived: input.archived, updatedAt: now.toISOString() };
  return settle(store, await store.update(previous, next), next);
}
