// Names fixed by the catalog format (docs/catalog-format.md), shared by the store and the check without a cycle.
export const CATALOG_FILE = 'catalog.json'
