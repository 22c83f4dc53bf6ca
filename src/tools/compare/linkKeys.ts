// The share-link keys of the compare tool, apart from their parsing (share.ts): the toolbar entry needs only the
// names, and the first view must not load the tool's code for them.
export const COMPARE_LINK_KEYS = ['cmp', 'cmppos', 'cmpa', 'cmpb'] as const
