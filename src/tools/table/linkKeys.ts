// The share-link keys of the attribute table, apart from their parsing (share.ts): the toolbar entry needs only
// the names, and the first view must not load the table's query code for them.
export const TABLE_LINK_KEYS = ['tbl', 'tflt', 'tsort', 'tsel', 'tonly'] as const
