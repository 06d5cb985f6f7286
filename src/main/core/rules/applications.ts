/** Applications a ticket may name; the knowledge base's own list (what its articles apply to) joins these. */
const knownApplications = ['Outlook', 'Excel', 'Word', 'PowerPoint', 'Teams', 'OneDrive', 'SharePoint', 'OneNote', 'Zoom', 'Slack', 'VPN', 'ERP', 'SAP', 'Salesforce', 'Jira', 'Confluence', 'Acrobat', 'Chrome', 'Edge', 'Firefox', 'Visio', 'Windows', 'macOS', 'Citrix']

export function deskApplications(fromArticles: string[]): string[] {
  return [...new Set([...knownApplications, ...fromArticles.filter((a) => a.trim().length >= 2)])]
}

/** The application a text names first, as a whole word (any case), or null. */
export function applicationNamed(text: string, applications: string[]): string | null {
  const words = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  let best: { name: string; at: number } | null = null
  for (const name of applications) {
    const at = words.indexOf(` ${name.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `)
    if (at >= 0 && (!best || at < best.at)) best = { name, at }
  }
  return best?.name ?? null
}
