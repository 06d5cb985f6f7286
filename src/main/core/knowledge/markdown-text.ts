import { fromMarkdown } from 'mdast-util-from-markdown'

type Node = { type: string; value?: string; children?: Node[]; ordered?: boolean | null; start?: number | null; url?: string }

/**
 * An article's markdown as plain text: blocks on their own lines, list items numbered or dashed,
 * links as their words, images and raw HTML dropped. What a snippet quotes and what "insert into
 * reply" pastes: text, never markup.
 */
export function plainText(markdown: string): string {
  const lines: string[] = []
  const inline = (node: Node): string => {
    if (node.type === 'html' || node.type === 'image' || node.type === 'imageReference') return ''
    if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? ''
    if (node.type === 'break') return ' '
    return (node.children ?? []).map(inline).join('')
  }
  const block = (node: Node, prefix = ''): void => {
    switch (node.type) {
      case 'root':
      case 'blockquote':
        node.children?.forEach((c) => block(c, prefix))
        return
      case 'list':
        node.children?.forEach((item, i) => {
          const marker = node.ordered ? `${(node.start ?? 1) + i}. ` : '- '
          item.children?.forEach((c, k) => block(c, k === 0 ? `${prefix}${marker}` : `${prefix}   `))
        })
        return
      case 'code':
        lines.push(...(node.value ?? '').split('\n').map((l) => `${prefix}${l}`))
        return
      case 'html':
      case 'thematicBreak':
      case 'definition':
        return
      default: {
        const text = inline(node).replace(/\s+/g, ' ').trim()
        if (text) lines.push(`${prefix}${text}`)
      }
    }
  }
  block(fromMarkdown(markdown) as Node)
  return lines.join('\n')
}
