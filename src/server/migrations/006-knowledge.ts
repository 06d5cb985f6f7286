/**
 * Migration 6: knowledge-base versions. Each save on a desk is an immutable version with its own id
 * and clock stamp, stored once and pulled in change_seq order; desks derive each article from its
 * latest-stamped version. Drafts go only to their author and to supervisors and admins.
 */
export const knowledgeSql = `
CREATE TABLE kb_versions (
  id uuid PRIMARY KEY,
  article_id uuid NOT NULL,
  stamp text NOT NULL,
  author_id uuid REFERENCES accounts (id),
  status text NOT NULL CHECK (status IN ('draft', 'published', 'retired')),
  version jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  change_seq bigint NOT NULL
);
CREATE INDEX kb_versions_change ON kb_versions (change_seq);
CREATE INDEX kb_versions_article ON kb_versions (article_id);
`
