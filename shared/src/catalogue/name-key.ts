/**
 * What makes two names the same name: case, accents' composed forms and runs of spacing do not
 * count ("ACME  Corp " is "Acme Corp"). The catalogue refuses a second entry of one key under a
 * parent, filters compare by it, and the import merges the variants of one key.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('en');
}
