import { z } from 'zod'
import { Id, Instant } from './domain'
import { importTextLimit } from './limits'
import { Hlc } from './sync'

export const ArticleStatus = z.enum(['draft', 'published', 'retired'])
export type ArticleStatus = z.infer<typeof ArticleStatus>

/** Internal articles are for the desk; shareable ones may be sent to the requester. */
export const ArticleVisibility = z.enum(['internal', 'shareable'])
export type ArticleVisibility = z.infer<typeof ArticleVisibility>

const word = z.string().trim().min(1).max(60)

/** What an article applies to: the requester's OS, application or device model makes it rank higher. */
export const AppliesTo = z
  .object({
    os: z.array(word).max(20).default([]),
    apps: z.array(word).max(20).default([]),
    models: z.array(word).max(20).default([])
  })
  .strict()
export type AppliesTo = z.infer<typeof AppliesTo>

export const ArticleDraft = z
  .object({
    /** Absent for a new article; present to save a new version of an existing one. */
    id: Id.optional(),
    title: z.string().trim().min(3).max(200),
    body: z.string().max(200_000),
    tags: z.array(word).max(30).default([]),
    category: z.string().trim().max(80).default(''),
    appliesTo: AppliesTo.default({ os: [], apps: [], models: [] }),
    status: ArticleStatus.default('draft'),
    visibility: ArticleVisibility.default('internal')
  })
  .strict()
export type ArticleDraft = z.input<typeof ArticleDraft>
export type ParsedArticleDraft = z.output<typeof ArticleDraft>

export const Article = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  tags: z.array(z.string()),
  category: z.string(),
  appliesTo: AppliesTo,
  status: ArticleStatus,
  visibility: ArticleVisibility,
  version: z.number(),
  authorId: z.string().nullable(),
  authorName: z.string().nullable(),
  createdAt: Instant,
  updatedAt: Instant,
  /** Times a technician said "this solved it". */
  solvedCount: z.number()
})
export type Article = z.infer<typeof Article>

export const ArticleVersion = z.object({ version: z.number(), title: z.string(), status: ArticleStatus, savedAt: Instant, authorName: z.string().nullable() })
export type ArticleVersion = z.infer<typeof ArticleVersion>

/** A line-level comparison of two versions: kept, added and removed runs, in order. */
export const VersionDiff = z.array(z.object({ kind: z.enum(['same', 'added', 'removed']), text: z.string() }))
export type VersionDiff = z.infer<typeof VersionDiff>

/** Highlighting arrives as segments, never markup. */
export const Segments = z.array(z.object({ text: z.string(), hit: z.boolean() }))

export const ArticleHit = z.object({
  id: Id,
  title: z.string(),
  category: z.string(),
  tags: z.array(z.string()),
  status: ArticleStatus,
  visibility: ArticleVisibility,
  snippet: Segments,
  /** Why it ranks where it does, when the requester's machine matched what it applies to. */
  appliesMatch: z.array(z.string()),
  /** For a suggestion: how many resolved tickets like this one it solved, in all and in the last 30 days. */
  learned: z.object({ similar: z.number().int().min(0), thisMonth: z.number().int().min(0) }).optional()
})
export type ArticleHit = z.infer<typeof ArticleHit>

export const ArticleQuery = z
  .object({
    text: z.string().max(200).default(''),
    tag: word.optional(),
    category: z.string().trim().max(80).optional(),
    appliesTo: word.optional(),
    /** Drafts and retired articles are left out unless asked for (the editor's list asks). */
    includeDrafts: z.boolean().default(false),
    /** Count this search in the report (a gap when it finds nothing). The console sends false while the person types, true once they stop. */
    log: z.boolean().default(true),
    limit: z.number().int().min(1).max(100).default(20)
  })
  .strict()
export type ArticleQuery = z.input<typeof ArticleQuery>

export const ImportFile = z.object({ name: z.string().min(1).max(300), text: z.string().max(1_000_000) }).strict()
export const KnowledgeImport = z
  .object({ files: z.array(ImportFile).min(1).max(10_000) })
  .strict()
  .refine((value) => value.files.reduce((n, f) => n + f.text.length, 0) <= importTextLimit, {
    error: `An import takes at most ${importTextLimit / 1_048_576} MiB of text at a time; import the folder in parts.`,
    path: ['files']
  })
export const KnowledgeImportPreview = z.object({
  articles: z.array(z.object({ file: z.string(), title: z.string(), tags: z.array(z.string()), category: z.string() })),
  errors: z.array(z.object({ file: z.string(), message: z.string() }))
})
export type KnowledgeImportPreview = z.infer<typeof KnowledgeImportPreview>

export const KnowledgeReport = z.object({
  mostUsed: z.array(z.object({ id: Id, title: z.string(), solvedCount: z.number() })),
  /** Searches that found nothing: the articles the desk is missing. */
  gaps: z.array(z.object({ query: z.string(), times: z.number(), lastAt: Instant })),
  stale: z.array(z.object({ id: Id, title: z.string(), reviewedAt: Instant }))
})
export type KnowledgeReport = z.infer<typeof KnowledgeReport>

export const ImportProgress = z.object({ done: z.number(), total: z.number() })

/** One saved version as the desk server stores and hands it out: immutable, by id, stamped with its desk's clock. */
export const VersionRecord = z
  .object({
    id: Id,
    articleId: Id,
    stamp: Hlc,
    title: z.string().trim().min(3).max(200),
    body: z.string().max(200_000),
    tags: z.array(word).max(30),
    category: z.string().max(80),
    appliesTo: AppliesTo,
    status: ArticleStatus,
    visibility: ArticleVisibility,
    authorId: Id.nullable(),
    savedAt: Instant
  })
  .strict()
export type VersionRecord = z.infer<typeof VersionRecord>
export const VersionPush = z.object({ versions: z.array(VersionRecord).min(1).max(100) }).strict()
/** Versions stamped further ahead than the server's clock allows are refused by id; the desk stamps them again. */
export const VersionPushAnswer = z.object({ stored: z.number().int(), refused: z.array(z.object({ id: z.uuid(), reason: z.string() })).default([]) })
export type VersionPushAnswer = z.infer<typeof VersionPushAnswer>
export const VersionPage = z.object({ cursor: z.number(), more: z.boolean(), versions: z.array(VersionRecord) })
export type VersionPage = z.infer<typeof VersionPage>
