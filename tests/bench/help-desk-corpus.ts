/** Help-desk articles and tickets for the knowledge benchmark, made from a seed: the same text on every run. */
import { seededRandom as seeded } from '../support/seeded-random'

type Random = () => number
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!
const shuffled = <T>(r: Random, list: readonly T[]): T[] => {
  const out = [...list]
  for (let i = out.length - 1; i > 0; i--) {
    const k = Math.floor(r() * (i + 1))
    ;[out[i], out[k]] = [out[k]!, out[i]!]
  }
  return out
}

interface Product {
  name: string
  /** What requesters call it in a ticket. */
  said: string[]
  tag: string
  category: string
  parts: string[]
  /** An error code and what it means. */
  codes: Array<[string, string]>
  log: string
}

const products: Product[] = [
  { name: 'Outlook', said: ['Outlook', 'my e-mail', 'email', 'Outlook'], tag: 'outlook', category: 'Email', parts: ['mailbox', 'Outlook profile', 'OST file', 'shared mailbox', 'calendar', 'add-in'], codes: [['0x800CCC0E', 'the mail server could not be reached'], ['0x8004010F', 'the data file cannot be accessed'], ['0x80040115', 'the connection to Exchange was lost']], log: '%TEMP%\\Outlook Logging' },
  { name: 'Microsoft Teams', said: ['Teams', 'Teams', 'MS Teams'], tag: 'teams', category: 'Collaboration', parts: ['meeting', 'chat', 'camera', 'presence status', 'Teams cache'], codes: [['caa70004', 'the sign-in token expired'], ['caa20002', 'the account cannot be verified'], ['0xCAA82EE2', 'the request timed out']], log: '%APPDATA%\\Microsoft\\Teams\\logs.txt' },
  { name: 'Cisco AnyConnect VPN', said: ['VPN', 'the VPN', 'AnyConnect'], tag: 'vpn', category: 'Network', parts: ['VPN tunnel', 'VPN certificate', 'VPN profile', 'split tunnel'], codes: [['error 809', 'the tunnel was blocked by a firewall or NAT device'], ['error 691', 'the user name or password was refused'], ['error 720', 'no address could be assigned']], log: 'the DART bundle' },
  { name: 'Wi-Fi', said: ['wifi', 'WiFi', 'Wi-Fi', 'the wireless'], tag: 'wi-fi', category: 'Network', parts: ['access point', 'SSID', 'captive portal', 'wireless adapter', 'guest Wi-Fi'], codes: [['802.1X failure', 'the certificate or credentials were refused'], ['DHCP timeout', 'no address was handed out']], log: 'netsh wlan show wlanreport' },
  { name: 'HP LaserJet printer', said: ['printer', 'the printer', 'HP printer'], tag: 'printer', category: 'Hardware', parts: ['print queue', 'print spooler', 'printer driver', 'paper tray', 'toner cartridge'], codes: [['49.4C02', 'a corrupt print job crashed the firmware'], ['13.B2.D3', 'paper jam in the fuser area'], ['0x00000709', 'the default printer could not be set']], log: 'the printer event log' },
  { name: 'Ricoh MFP', said: ['the copier', 'MFP', 'scanner'], tag: 'mfp', category: 'Hardware', parts: ['scan to e-mail', 'scan to folder', 'address book', 'SMTP relay', 'ID card reader'], codes: [['SC542', 'the fuser temperature is out of range'], ['SC899', 'the controller had a software error']], log: 'the device web page' },
  { name: 'OneDrive', said: ['OneDrive', 'my files', 'OneDrive'], tag: 'onedrive', category: 'Software', parts: ['sync client', 'Files On-Demand', 'Known Folder Move', 'shared library'], codes: [['0x8004de40', 'OneDrive cannot reach the cloud'], ['0x8007016a', 'the cloud file provider is not running']], log: '%LOCALAPPDATA%\\Microsoft\\OneDrive\\logs' },
  { name: 'SharePoint', said: ['SharePoint', 'the intranet', 'the team site'], tag: 'sharepoint', category: 'Collaboration', parts: ['site permissions', 'document library', 'checked-out file', 'site page'], codes: [['403 FORBIDDEN', 'the account lacks permission on the site'], ['Sorry, something went wrong', 'the server threw an error, see the correlation ID']], log: 'the correlation ID on the error page' },
  { name: 'BitLocker', said: ['BitLocker', 'the recovery screen', 'the blue key screen'], tag: 'bitlocker', category: 'Security', parts: ['recovery key', 'TPM chip', 'startup PIN', 'drive encryption'], codes: [['0x80310000', 'the drive is locked'], ['0x8031004A', 'the recovery key is not in Entra ID']], log: 'manage-bde -status' },
  { name: 'SAP GUI', said: ['SAP', 'SAP GUI', 'the ERP'], tag: 'sap', category: 'Business apps', parts: ['logon pad', 'transaction', 'single sign-on', 'SAP licence'], codes: [['RFC_ERROR_SYSTEM_FAILURE', 'the backend aborted the call'], ['DBIF_RSQL_SQL_ERROR', 'the database refused the query']], log: 'transaction ST22' },
  { name: 'Citrix Workspace', said: ['Citrix', 'the remote desktop', 'Citrix'], tag: 'citrix', category: 'Software', parts: ['StoreFront', 'published desktop', 'ICA file', 'Workspace app'], codes: [['SSL error 61', 'the server certificate is not trusted'], ['error 1030', 'the connection to the desktop was refused']], log: 'the Citrix Workspace logs' },
  { name: 'Zoom', said: ['Zoom', 'Zoom calls'], tag: 'zoom', category: 'Collaboration', parts: ['Zoom meeting', 'screen sharing', 'virtual background', 'Zoom Rooms'], codes: [['error 5003', 'the Zoom servers could not be reached'], ['error 104103', 'the firewall blocks the connection']], log: '%APPDATA%\\Zoom\\logs' },
  { name: 'Dell docking station', said: ['the dock', 'docking station', 'my dock'], tag: 'docking-station', category: 'Hardware', parts: ['USB-C port', 'DisplayPort output', 'dock firmware', 'Ethernet port'], codes: [['Power adapter warning', 'the dock cannot charge the laptop']], log: 'Dell Command Update' },
  { name: 'Excel', said: ['Excel', 'my spreadsheet', 'Excel'], tag: 'excel', category: 'Software', parts: ['workbook', 'macro', 'linked workbook', 'pivot table', 'COM add-in'], codes: [['Protected View', 'the file came from the internet'], ['0x800A03EC', 'a macro called a method that failed']], log: 'the Office telemetry log' },
  { name: 'Microsoft Authenticator', said: ['MFA', 'the Authenticator app', 'two-factor'], tag: 'mfa', category: 'Security', parts: ['push notification', 'number matching', 'new phone', 'sign-in method'], codes: [['AADSTS50076', 'multi-factor authentication is required'], ['AADSTS50158', 'an external security challenge was not met']], log: 'the Entra ID sign-in log' },
  { name: 'Windows Update', said: ['Windows Update', 'the update', 'updates'], tag: 'windows-update', category: 'Software', parts: ['cumulative update', 'feature update', 'servicing stack', 'update cache'], codes: [['0x800f0922', 'the update could not reach the servers or the system partition is full'], ['0x80070002', 'files the update needs are missing']], log: 'Get-WindowsUpdateLog' },
  { name: 'network drive', said: ['the S: drive', 'shared drive', 'network drive'], tag: 'network-drive', category: 'Network', parts: ['file share', 'DFS path', 'drive letter', 'offline files'], codes: [['error 53', 'the network path was not found'], ['error 86', 'the password is not correct']], log: 'the SMBClient event log' },
  { name: 'Jabra headset', said: ['headset', 'my headset', 'the headphones'], tag: 'headset', category: 'Hardware', parts: ['Bluetooth pairing', 'USB dongle', 'microphone', 'headset firmware'], codes: [], log: 'Jabra Direct' },
  { name: 'Logitech webcam', said: ['webcam', 'the camera', 'my camera'], tag: 'webcam', category: 'Hardware', parts: ['camera privacy setting', 'USB hub', 'camera driver'], codes: [['0xA00F4244', 'no camera is attached or it is blocked']], log: 'Device Manager' },
  { name: 'password reset', said: ['my password', 'my account', 'login'], tag: 'password', category: 'Accounts', parts: ['self-service password reset', 'account lockout', 'password expiry', 'cached credentials'], codes: [['error 1326', 'the user name or password is incorrect'], ['0xC000006A', 'the password was wrong']], log: 'the lockout status tool' }
]

interface Symptom {
  text: string
  tag: string
}

const symptoms: Symptom[] = [
  { text: 'keeps asking for the password', tag: 'password-prompt' },
  { text: 'will not connect', tag: 'connection' },
  { text: 'crashes on start', tag: 'crash' },
  { text: 'is very slow', tag: 'performance' },
  { text: 'shows offline', tag: 'offline' },
  { text: 'drops every hour', tag: 'disconnects' },
  { text: 'cannot sign in', tag: 'sign-in' },
  { text: 'is not detected', tag: 'not-detected' },
  { text: 'is stuck on syncing', tag: 'sync' },
  { text: 'shows a black screen', tag: 'display' },
  { text: 'has no sound', tag: 'audio' },
  { text: 'freezes after a few minutes', tag: 'freeze' },
  { text: 'says the licence expired', tag: 'licence' },
  { text: 'shows a certificate warning', tag: 'certificate' }
]
const contexts = ['after the update', 'when working from home', 'on the 2nd floor', 'after a password change', 'on a new laptop', 'since Monday', 'for the whole team', 'on macOS', 'on Windows 11', 'over hotel Wi-Fi', 'after a reboot', 'only in the morning']
const systems = ['Windows 11', 'Windows 10', 'macOS']
const people = ['one user', 'several people in Finance', 'everyone in the branch office', 'new starters', 'users with a shared mailbox', 'field staff on 4G']

interface Words {
  p: Product
  part: string
  symptom: Symptom
  context: string
  os: string
  code: [string, string] | undefined
}

type Sentence = (w: Words, r: Random) => string

const symptomSentences: Sentence[] = [
  (w) => `Users report that ${w.p.name} ${w.symptom.text} ${w.context}.`,
  (w) => `The ${w.part} ${w.symptom.text}, while the rest of ${w.p.name} seems to work.`,
  (w, r) => `It usually affects ${pick(r, people)} and starts ${pick(r, contexts)}.`,
  (w) => `On ${w.os} the problem is easiest to reproduce: open ${w.p.name}, go to the ${w.part} and wait a minute.`,
  (w) => (w.code ? `Some users see "${w.code[0]}" in the ${w.part} before it gives up.` : `No error message is shown; the ${w.part} simply stops responding.`),
  () => 'Restarting the laptop helps for a while, but the problem comes back within the day.',
  () => 'Colleagues on the same floor are not affected, so the network itself is fine.',
  (w) => `The e-mail notification about the ${w.part} still arrives, but opening it ${w.symptom.text}.`,
  (w) => `Over hotel Wi-Fi or a mobile hotspot ${w.p.name} ${w.symptom.text} more often than in the office.`,
  (w) => `The service desk sees this most on Monday mornings, when everyone signs in to ${w.p.name} at once.`,
  (w) => `The ${w.part} shows a spinning wheel for up to two minutes before the window turns white.`
]
const causeSentences: Sentence[] = [
  () => 'The cached credentials in Windows Credential Manager are out of date after a password change.',
  (w) => `The ${w.part} left over from the previous version conflicts with the new one.`,
  (w) => `The certificate used by the ${w.part} expired and the client rejects the connection.`,
  (w) => `Group Policy pushes an old ${w.part} setting that overrides the user's own choice.`,
  (w) => `The driver installed by Windows Update does not support the ${w.part} yet.`,
  () => "The user's licence was removed when they moved to another department.",
  (w) => `The ${w.part} grew larger than the client handles well (over 50 GB).`,
  () => 'Power management turns the adapter off to save battery and does not wake it again.',
  (w) => `A security update changed how ${w.p.name} negotiates TLS, and older servers refuse it.`
]
const stepSentences: Sentence[] = [
  (w) => `Close ${w.p.name} completely, including its icon in the system tray.`,
  (w) => `Open Credential Manager and remove every entry that mentions ${w.p.tag}.`,
  (w) => `Rename the ${w.part} cache folder under %LOCALAPPDATA% so it is rebuilt on the next start.`,
  () => "Check the user's account, group membership and licence in the admin portal.",
  (w) => `Update the ${w.part} driver from Software Center, then restart the laptop.`,
  () => 'Power-cycle the device and wait 30 seconds before turning it on again.',
  () => 'Re-map the drive with the full DFS path instead of the server name.',
  () => 'Roll back the last update from Settings > Windows Update > Update history.',
  (w) => `Sign out of ${w.p.name}, sign in again and approve the MFA prompt on the phone.`,
  (w) => `Remove the ${w.part} and add it again.`,
  () => 'Ask the user to try wired Ethernet or another Wi-Fi network to rule out the network.',
  (w) => `Collect ${w.p.log} and escalate to L2 with the ticket number.`,
  () => 'In Device Manager, untick "Allow the computer to turn off this device to save power".',
  () => 'Run `gpupdate /force` in a terminal, then sign out and back in.',
  (w) => `Reset the ${w.part} to its defaults and test again.`,
  (w) => `Check the service health page for a known ${w.p.name} incident before changing anything.`,
  () => 'Confirm the date, time and time zone on the device: a wrong clock breaks certificate checks.'
]
const noteSentences: Sentence[] = [
  () => 'This applies to the desktop app and to the web version alike.',
  () => 'If the user works from home, check that the VPN is connected first.',
  (w) => `Do not delete the ${w.part} while ${w.p.name} is still open: it can lose unsynced changes.`,
  () => "Send the e-mail template 'Known issue' to affected users so they stop re-opening tickets.",
  () => 'Field staff on 4G may need the steps done remotely over the remote-support tool.',
  (w) => `If more than five tickets mention ${w.p.name} within an hour, raise a major incident.`,
  () => 'Write down which step fixed it in the ticket so this article can be improved.'
]

const headings = {
  symptoms: ['## Symptoms', '## What the user sees', '## Problem'],
  cause: ['## Cause', '## Why it happens'],
  codes: ['## Error codes', '## Messages you may see'],
  steps: ['## Steps', '## Resolution', '## How to fix it'],
  notes: ['## Notes', '## If it persists']
}

export interface HelpArticle {
  /** The markdown file the app imports. */
  file: { name: string; text: string }
  title: string
  tags: string[]
  /** The markdown after the front matter. */
  body: string
}

/** Sentences as paragraphs of three at most. */
const paragraphs = (sentences: string[]) => Array.from({ length: Math.ceil(sentences.length / 3) }, (_, k) => sentences.slice(k * 3, k * 3 + 3).join(' ')).join('\n\n')

/** Adds one more sentence from `pool` not used yet; false when the pool is spent. */
function grow(list: string[], pool: Sentence[], used: Set<Sentence>, w: Words, r: Random): boolean {
  const next = shuffled(r, pool).find((s) => !used.has(s))
  if (!next) return false
  used.add(next)
  list.push(next(w, r))
  return true
}

/** One article: symptoms, cause, maybe error codes, numbered steps, maybe notes; 500–2,000 characters of body. */
function article(i: number, r: Random): HelpArticle {
  const p = pick(r, products)
  const w: Words = { p, part: pick(r, p.parts), symptom: pick(r, symptoms), context: pick(r, contexts), os: pick(r, systems), code: p.codes.length && r() < 0.7 ? pick(r, p.codes) : undefined }
  const used = new Set<Sentence>()
  const parts = { symptoms: [] as string[], cause: [] as string[], steps: [] as string[], notes: [] as string[] }
  grow(parts.symptoms, symptomSentences, used, w, r)
  grow(parts.symptoms, symptomSentences, used, w, r)
  grow(parts.cause, causeSentences, used, w, r)
  for (let k = 0; k < 3; k++) grow(parts.steps, stepSentences, used, w, r)
  const codes = w.code ? shuffled(r, p.codes).slice(0, 1 + Math.floor(r() * p.codes.length)) : []
  const h = { symptoms: pick(r, headings.symptoms), cause: pick(r, headings.cause), codes: pick(r, headings.codes), steps: pick(r, headings.steps), notes: pick(r, headings.notes) }
  const render = () =>
    [
      h.symptoms,
      paragraphs(parts.symptoms),
      '',
      h.cause,
      parts.cause.join(' '),
      ...(codes.length ? ['', h.codes, ...codes.map(([code, meaning]) => `- \`${code}\`: ${meaning}.`)] : []),
      '',
      h.steps,
      ...parts.steps.map((s, k) => `${k + 1}. ${s}`),
      ...(parts.notes.length ? ['', h.notes, parts.notes.join(' ')] : []),
      ''
    ].join('\n')
  const target = 500 + Math.floor(r() * 1_500)
  let body = render()
  // Where the next sentence may go, and how many each section takes at most: steps grow most often.
  const room: Array<[string[], Sentence[], number]> = [
    [parts.symptoms, symptomSentences, 6],
    [parts.steps, stepSentences, 12],
    [parts.steps, stepSentences, 12],
    [parts.notes, noteSentences, 3],
    [parts.cause, causeSentences, 2]
  ]
  while (body.length < target) {
    const open = room.filter(([list, , most]) => list.length < most)
    if (open.length === 0) break
    const [list, pool] = pick(r, open)
    if (!grow(list, pool, used, w, r)) continue
    const longer = render()
    if (longer.length > 2_000) {
      list.pop()
      break
    }
    body = longer
  }
  if (body.length < 500 || body.length > 2_000) throw new Error(`Article ${i} has a body of ${body.length} characters, outside 500–2,000.`)
  const title = pick(r, [
    `${p.name} ${w.symptom.text} ${w.context}`,
    `${p.name}: ${w.part} ${w.symptom.text}`,
    w.code ? `How to fix "${w.code[0]}" in ${p.name}` : `${p.name} ${w.symptom.text} on ${w.os}`,
    `${p.name} ${w.symptom.text}`
  ])
  const tags = [...new Set([p.tag, w.symptom.tag, ...(r() < 0.5 ? [p.category.toLowerCase().replace(/\W+/g, '-')] : [])])]
  const os = r() < 0.3 ? systems : [w.os]
  const front = [`title: ${JSON.stringify(title)}`, `tags: ${JSON.stringify(tags)}`, `category: ${JSON.stringify(p.category)}`, `os: ${JSON.stringify(os)}`, `apps: ${JSON.stringify([p.name])}`]
  return { file: { name: `kb/${String(i).padStart(5, '0')}-${p.tag}.md`, text: `---\n${front.join('\n')}\n---\n${body}` }, title, tags, body }
}

/** `count` articles, the same ones on every run. */
export function helpArticles(count: number, seed = 23): HelpArticle[] {
  const r = seeded(seed)
  return Array.from({ length: count }, (_, i) => article(i, r))
}

const vagueSubjects = ['Cannot work', 'Urgent!!', 'Help please', 'Problem since this morning', 'Not working again', 'Issue on my laptop']
const chatter = [
  'Hi, since this morning I cannot get anything done.',
  'I already restarted the laptop twice.',
  'My colleague next to me has the same problem.',
  'This is urgent, I have a customer call at 2 pm.',
  'It worked fine yesterday.',
  'I am working from home today.',
  'Please call me back on my mobile.',
  'Not sure if this is the right place to ask.'
]
const keySentences: Array<(w: Words, said: string) => string> = [
  (w, said) => `It seems to be ${said}: the ${w.part} ${w.symptom.text}.`,
  (w, said) => `${said[0]!.toUpperCase()}${said.slice(1)} ${w.symptom.text} ${w.context}.`,
  (w, said) => (w.code ? `${said[0]!.toUpperCase()}${said.slice(1)} says "${w.code[0]}" every time.` : `When I open ${said} the ${w.part} ${w.symptom.text}.`),
  (w, said) => `I use ${said} on ${w.os} and the ${w.part} ${w.symptom.text}.`
]

export interface HelpTicket {
  subject: string
  description: string
}

/** `count` tickets as requesters write them: a subject, then one to four sentences, the telling words sometimes only at the end. */
export function helpTickets(count: number, seed = 2_300): HelpTicket[] {
  const r = seeded(seed)
  return Array.from({ length: count }, () => {
    const p = pick(r, products)
    const w: Words = { p, part: pick(r, p.parts), symptom: pick(r, symptoms), context: pick(r, contexts), os: pick(r, systems), code: p.codes.length && r() < 0.3 ? pick(r, p.codes) : undefined }
    const said = pick(r, p.said)
    const vague = r() < 0.35
    const subject = vague ? pick(r, vagueSubjects) : pick(r, [`${said} ${w.symptom.text}`, `${said} not working`, `Problem with the ${w.part}`, w.code ? `${w.code[0]} in ${said}` : `${said} issue`])
    const sentences = shuffled(r, chatter).slice(0, Math.floor(r() * 4))
    const key = pick(r, keySentences)(w, said)
    // A vague subject and about half the rest: the words that matter come last.
    const late = vague || r() < 0.5
    sentences.splice(late ? sentences.length : Math.floor(r() * (sentences.length + 1)), 0, key)
    return { subject, description: sentences.join(' ') }
  })
}
