/** One customer or project of the catalogue, as the API returns it (GET /catalogue). */
export interface CatalogueEntry {
  id: string;
  name: string;
  /** Archived: takes no new hours; its records stay listed and filterable. */
  archived: boolean;
}

export interface CatalogueProject extends CatalogueEntry {
  customerId: string;
}

export interface CatalogueCustomer extends CatalogueEntry {
  projects: CatalogueProject[];
}

/** GET /catalogue: every customer, with its projects, by name. */
export interface Catalogue {
  customers: CatalogueCustomer[];
}
