/**
 * Finds incidents that keep coming back: groups of similar incidents (the words of their subjects and
 * descriptions weighed by how rare they are on the desk, the application they name among them, the
 * same category, the same machine model), kept when at least `minSize` of them fall within `windowDays`. Pure: the
 * caller reads the incidents and the team's synonyms; the quality test runs it on a labelled corpus.
 */

export interface Incident {
  id: string
  subject: string
  description: string
  category: string | null
  /** The model of the requester's machine, from inventory, when one is attached. */
  model: string | null
  createdAt: string
}

export interface DetectorOptions {
  /** At least this many similar incidents… */
  minSize: number
  /** …within this many days of each other. */
  windowDays: number
  /** How alike two incidents must be, on average across a group, to belong together (0–1). */
  threshold: number
}

const backgroundTickets = 100

export const defaultDetector: DetectorOptions = { minSize: 5, windowDays: 7, threshold: 0.3 }

export interface Cluster {
  /** The members' ids, sorted: what a dismissal remembers. */
  incidentIds: string[]
  /** The subject of the member most like the rest: a title for the problem. */
  title: string
  /** The words they share most. */
  terms: string[]
  firstAt: string
  lastAt: string
  /** The most members within one window of `windowDays`. */
  inWindow: number
}

// Words that say nothing about the cause, in tickets as technicians and requesters write them.
const stopwords = new Set(
  (
    'a an and are as at be been but by can cannot cant could did do does doesnt dont for from get gets got had has have he her his how i if in into is it its ' +
    'me my no not of on or our out please she so still that the their them then there they this to too up us was we were what when where which while who ' +
    'why will with without would you your again also any anyone around since today yesterday morning afternoon now just some all after before every ' +
    'issue issues problem problems help user users working work works worked trying tried try keep keeps kept seems seem need needs ticket hi hello thanks ' +
    'thank regards urgent asap one two getting being am very really only same other another new old here know see sees get'
  ).split(' ')
)

/** Spellings and near-synonyms technicians use for the same thing, folded to one word; the team's synonym groups join these. */
const builtinSynonyms: string[][] = [
  ['error', 'err', 'errors', 'code'],
  ['flicker', 'flickers', 'flickering', 'blinking', 'blinks', 'blink', 'flashing', 'flashes'],
  ['display', 'displays', 'monitor', 'monitors', 'screen', 'screens'],
  ['audio', 'sound', 'speaker', 'speakers', 'hear'],
  ['microphone', 'mic', 'mics', 'microphones'],
  ['password', 'passwords', 'pwd', 'credentials', 'creds', 'credential'],
  ['prompt', 'prompts', 'prompting', 'prompted', 'asks', 'asking', 'asked', 'popup', 'pops'],
  ['timeout', 'timeouts', 'timed', 'times', 'timing'],
  ['disconnect', 'disconnects', 'disconnected', 'drops', 'dropped', 'dropping', 'lost', 'loses'],
  ['jam', 'jams', 'jammed', 'jamming', 'stuck'],
  ['login', 'logon', 'log', 'signin', 'sign', 'logging'],
  ['third', '3rd', '3f', 'third-floor'],
  ['second', '2nd', '2f'],
  ['floor', 'fl', 'flr'],
  ['smear', 'smeared', 'smears', 'smudge', 'smudged', 'smudges', 'smudging', 'streaks', 'streaky'],
  ['print', 'prints', 'printing', 'printed', 'printout', 'printouts', 'printer', 'printers'],
  ['connect', 'connecting', 'connection', 'connections', 'connected']
]

function normalize(word: string): string {
  const w = word.normalize('NFKD').replace(/\p{M}/gu, '')
  // Plurals and -ing forms, lightly: enough for "flickers"/"flickering" when no synonym names them.
  if (w.length > 5 && w.endsWith('ing')) return w.slice(0, -3)
  if (w.length > 4 && w.endsWith('es') && !w.endsWith('ses')) return w.slice(0, -2)
  if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) return w.slice(0, -1)
  return w
}

export class RecurringIncidents {
  private readonly folded = new Map<string, string>()

  constructor(
    synonymGroups: string[][] = [],
    private readonly options: DetectorOptions = defaultDetector
  ) {
    for (const group of [...builtinSynonyms, ...synonymGroups]) {
      const head = group[0]?.toLowerCase()
      if (!head) continue
      for (const word of group) for (const part of word.toLowerCase().split(/\s+/)) this.folded.set(part, head)
    }
  }

  detect(incidents: Incident[]): Cluster[] {
    if (incidents.length < this.options.minSize) return []
    const vectors = incidents.map((i) => this.terms(i))
    const df = new Map<string, number>()
    for (const v of vectors) for (const term of v.keys()) df.set(term, (df.get(term) ?? 0) + 1)
    const n = incidents.length
    const weighted = vectors.map((v) => {
      const w = new Map<string, number>()
      let norm = 0
      for (const [term, tf] of v) {
        // As if among a hundred more unrelated tickets: on a small desk, a word five tickets share is still rare.
        const x = tf * (Math.log((n + 1 + backgroundTickets) / ((df.get(term) ?? 0) + 1)) + 1)
        w.set(term, x)
        norm += x * x
      }
      norm = Math.sqrt(norm) || 1
      for (const [term, x] of w) w.set(term, x / norm)
      return w
    })
    const similarity = (a: number, b: number): number => {
      const [small, large] = weighted[a]!.size < weighted[b]!.size ? [weighted[a]!, weighted[b]!] : [weighted[b]!, weighted[a]!]
      let dot = 0
      for (const [term, x] of small) dot += x * (large.get(term) ?? 0)
      const ia = incidents[a]!
      const ib = incidents[b]!
      if (ia.category && ia.category === ib.category) dot += 0.05
      if (ia.model && ia.model === ib.model) dot += 0.1
      return Math.min(1, dot)
    }
    return this.group(incidents, this.candidatePairs(vectors, df), similarity)
      .filter((members) => members.length >= this.options.minSize)
      .map((members) => this.describe(incidents, members, weighted, similarity))
      .filter((c) => c.inWindow >= this.options.minSize)
      .sort((a, b) => b.inWindow - a.inWindow || a.firstAt.localeCompare(b.firstAt))
  }

  /**
   * The pairs worth comparing: those sharing a word few of the incidents have (a word in more than one
   * in twenty says little, and comparing everything with everything would not finish on a busy desk).
   */
  private candidatePairs(vectors: Array<Map<string, number>>, df: Map<string, number>): Array<[number, number]> {
    const n = vectors.length
    const rare = Math.max(this.options.minSize * 10, Math.ceil(n * 0.05))
    const postings = new Map<string, number[]>()
    vectors.forEach((v, i) => {
      for (const term of v.keys()) {
        if ((df.get(term) ?? 0) > rare) continue
        const list = postings.get(term)
        if (list) list.push(i)
        else postings.set(term, [i])
      }
    })
    const seen = new Set<number>()
    const pairs: Array<[number, number]> = []
    for (const list of postings.values()) {
      for (let x = 0; x < list.length; x++) {
        for (let y = x + 1; y < list.length; y++) {
          const key = list[x]! * n + list[y]!
          if (seen.has(key)) continue
          seen.add(key)
          pairs.push([list[x]!, list[y]!])
        }
      }
    }
    return pairs
  }

  /**
   * Average-linkage grouping: the two groups most alike on average join, again and again, while that
   * average stays above the threshold. Pairs wait in a heap (one whose group has since grown is
   * dropped when it surfaces), so a month of a busy desk's incidents groups in well under a second.
   */
  private group(incidents: Incident[], pairs: Array<[number, number]>, similarity: (a: number, b: number) => number): number[][] {
    const floor = this.options.threshold / 3
    const sums = new Map<number, Map<number, number>>()
    const link = (a: number, b: number, s: number) => {
      let row = sums.get(a)
      if (!row) sums.set(a, (row = new Map()))
      row.set(b, s)
    }
    const members = new Map<number, number[]>(incidents.map((_, i) => [i, [i]]))
    const version = new Map<number, number>()
    const heap: Array<{ average: number; a: number; b: number; va: number; vb: number }> = []
    const push = (a: number, b: number) => {
      const average = sums.get(a)!.get(b)! / (members.get(a)!.length * members.get(b)!.length)
      if (average < this.options.threshold) return
      heap.push({ average, a, b, va: version.get(a) ?? 0, vb: version.get(b) ?? 0 })
      for (let i = heap.length - 1; i > 0; ) {
        const parent = (i - 1) >> 1
        if (heap[parent]!.average >= heap[i]!.average) break
        ;[heap[parent], heap[i]] = [heap[i]!, heap[parent]!]
        i = parent
      }
    }
    const pop = () => {
      const top = heap[0]
      const last = heap.pop()!
      if (heap.length) {
        heap[0] = last
        for (let i = 0; ; ) {
          const l = 2 * i + 1
          const r = l + 1
          let best = i
          if (l < heap.length && heap[l]!.average > heap[best]!.average) best = l
          if (r < heap.length && heap[r]!.average > heap[best]!.average) best = r
          if (best === i) break
          ;[heap[best], heap[i]] = [heap[i]!, heap[best]!]
          i = best
        }
      }
      return top
    }
    for (const [a, b] of pairs) {
      const s = similarity(a, b)
      if (s < floor) continue
      link(a, b, s)
      link(b, a, s)
      push(a, b)
    }
    while (heap.length) {
      const best = pop()!
      const { a, b } = best
      // A pair whose group has joined another since it was weighed is weighed again through the new group.
      if (!members.has(a) || !members.has(b) || (version.get(a) ?? 0) !== best.va || (version.get(b) ?? 0) !== best.vb) continue
      members.set(a, [...members.get(a)!, ...members.get(b)!])
      members.delete(b)
      version.set(a, (version.get(a) ?? 0) + 1)
      // The joined group's links: the sums of both, to every other group.
      const rowA = sums.get(a) ?? new Map<number, number>()
      for (const [c, sum] of sums.get(b) ?? []) {
        if (c === a) continue
        rowA.set(c, (rowA.get(c) ?? 0) + sum)
        const rowC = sums.get(c)!
        rowC.set(a, (rowC.get(a) ?? 0) + sum)
        rowC.delete(b)
      }
      rowA.delete(b)
      sums.set(a, rowA)
      sums.delete(b)
      for (const c of rowA.keys()) push(Math.min(a, c), Math.max(a, c))
    }
    return [...members.values()]
  }

  private describe(incidents: Incident[], members: number[], weighted: Array<Map<string, number>>, similarity: (a: number, b: number) => number): Cluster {
    const centrality = members.map((m) => members.reduce((n, o) => (o === m ? n : n + similarity(m, o)), 0))
    const medoid = members[centrality.indexOf(Math.max(...centrality))]!
    const totals = new Map<string, number>()
    for (const m of members) for (const [term, x] of weighted[m]!) totals.set(term, (totals.get(term) ?? 0) + x)
    const times = members.map((m) => Date.parse(incidents[m]!.createdAt)).sort((a, b) => a - b)
    const window = this.options.windowDays * 86_400_000
    let inWindow = 0
    for (let start = 0, end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! > window) start++
      inWindow = Math.max(inWindow, end - start + 1)
    }
    return {
      incidentIds: members.map((m) => incidents[m]!.id).sort(),
      title: incidents[medoid]!.subject,
      terms: [...totals.entries()]
        .filter(([term]) => !term.startsWith('app:') && !term.startsWith('model:'))
        .sort((x, y) => y[1] - x[1])
        .slice(0, 4)
        .map(([term]) => term),
      firstAt: new Date(times[0]!).toISOString(),
      lastAt: new Date(times.at(-1)!).toISOString(),
      inWindow
    }
  }

  /** Term counts: the subject's words twice (it says what is wrong), the description's once. */
  private terms(incident: Incident): Map<string, number> {
    const counts = new Map<string, number>()
    const add = (text: string, weight: number) => {
      for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
        if (!raw || stopwords.has(raw)) continue
        if (raw.length < 2 || (/^\d+$/.test(raw) && raw.length < 3)) continue
        const word = this.folded.get(raw) ?? this.folded.get(normalize(raw)) ?? normalize(raw)
        if (stopwords.has(word)) continue
        counts.set(word, (counts.get(word) ?? 0) + weight)
      }
    }
    add(incident.subject, 2)
    add(incident.description, 1)
    return counts
  }
}
