/** The element with `id`, typed, or an error naming what the page is missing. */
export function byId<T extends HTMLElement>(id: string, type: new () => T): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`The page has no ${type.name} #${id}`);
  return element;
}

/** Announces a message to screen readers and shows it, in the page's status region. */
export function announce(region: HTMLElement, message: string, kind: 'info' | 'success' | 'error' = 'info'): void {
  region.textContent = message;
  region.dataset.kind = kind;
}

/** Creates an element with text, without ever parsing HTML. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string,
  attributes: Record<string, string> = {},
): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  if (text !== undefined) created.textContent = text;
  for (const [name, value] of Object.entries(attributes)) created.setAttribute(name, value);
  return created;
}

/** Fills a <datalist> with values already used, so fields suggest them. */
export function fillSuggestions(list: HTMLDataListElement, values: string[]): void {
  list.replaceChildren(...values.map((value) => element('option', undefined, { value })));
}
