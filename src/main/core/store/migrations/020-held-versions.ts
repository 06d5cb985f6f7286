/**
 * The knowledge versions an import has written and not yet released (`shared = -1`): a desk looks for them each
 * time it opens, which without this index read every version body on the desk. Partial, so it holds only those
 * few rows, and is empty between imports.
 */
export const heldVersionsV20 = `
  CREATE INDEX IF NOT EXISTS kb_versions_held ON kb_versions (saved_at, article_id) WHERE shared = -1;
`
