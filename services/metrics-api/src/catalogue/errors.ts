/**
 * A refusal of the catalogue rules, without HTTP: the status it means and the field it names
 * (handlers/api-handler.ts maps it).
 */
export class CatalogueRefusedError extends Error {
  override readonly name = 'CatalogueRefusedError';
  constructor(
    readonly status: 400 | 404 | 409,
    message: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(message);
  }
}

export const entryNotFound = (field: string, id: string) =>
  new CatalogueRefusedError(404, `No catalogue entry ${id}`, field, 'does not exist');

export const duplicateName = (name: string, existing: string) =>
  new CatalogueRefusedError(
    409,
    `"${name}" is already in the catalogue as "${existing}"`,
    'name',
    `is already taken by "${existing}" (names differ only in case or spacing)`,
  );

/** A record into an archived project (or a project of an archived customer). */
export const archivedProject = (project: string) =>
  new CatalogueRefusedError(
    409,
    `Project "${project}" is archived: it takes no new hours`,
    'project',
    'is archived and takes no new hours',
  );
