import Markdown, { type Components } from 'react-markdown'
import rehypeSanitize from 'rehype-sanitize'

/** Only web links leave the app, and only after the technician sees where to. */
export function safeLink(href: string | undefined): string | null {
  if (!href) return null
  try {
    const url = new URL(href)
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null
  } catch {
    return null
  }
}

const components: Components = {
  a: ({ href, children }) => {
    const url = safeLink(href)
    if (!url) return <span className="dead-link">{children}</span>
    return (
      <a
        href={url}
        rel="noopener noreferrer"
        onClick={(event) => {
          event.preventDefault()
          if (window.confirm(`Open this link in your browser?\n\n${url}`)) window.open(url, '_blank', 'noopener,noreferrer')
        }}
      >
        {children}
      </a>
    )
  },
  // Articles have no attachments yet, so no image may load (a remote image would leak who reads what).
  img: ({ alt }) => <span className="image-placeholder">[image{alt ? `: ${alt}` : ''}]</span>
}

/**
 * An article's markdown, rendered without raw HTML (skipped, then the tree sanitized again), links
 * checked before they open, images kept out. Nothing in an article can run script or restyle the app.
 */
export function ArticleBody({ markdown }: { markdown: string }) {
  return (
    <div className="article-body">
      <Markdown skipHtml rehypePlugins={[rehypeSanitize]} components={components} urlTransform={(url) => safeLink(url) ?? ''}>
        {markdown}
      </Markdown>
    </div>
  )
}
