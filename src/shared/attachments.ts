// What a desk checks and shows about a file, without zod (the console's first bundle reads it); the schemas are in file-ref.ts.

/** A file name a desk can show and save on any system: no path, no control or reserved characters or device names, no leading dots, at most 120 characters. */
export function safeFileName(name: string | undefined | null): string {
  const base = (name ?? '').split(/[\\/]/).pop()!
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}<>:"|?*]/gu, '_')
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '')
    .trim()
  // Windows keeps these names for devices, whatever the extension: such a file could not be saved under its own name.
  const named = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(cleaned) ? `_${cleaned}` : cleaned
  return (named || 'attachment').slice(0, 120)
}

/** A MIME type as a label; anything that does not look like one is plain bytes. */
export function safeMimeType(type: string | undefined | null): string {
  const t = (type ?? '').toLowerCase().trim()
  return /^[a-z0-9][\w.+-]{0,60}\/[\w.+-]{1,80}$/.test(t) ? t : 'application/octet-stream'
}

/** What one timeline entry may carry. */
export const maxFilesPerEntry = 10

/** The team's default cap on one file, in MB (the team's policy may lower or raise it, up to the hard limit). */
export const defaultAttachmentMb = 25
export const maxAttachmentMb = 50

/**
 * Types that run code when opened: a technician is warned before one opens. Judged on the name's
 * extension, which is what the operating system goes by, not on the type the sender claimed.
 */
const programs = new Set(
  (
    'exe msi msp com scr pif bat cmd ps1 psm1 psd1 vbs vbe js jse wsf wsh hta cpl dll sys lnk url reg inf scf jar ' +
    'app pkg dmg command sh bash zsh csh run bin appimage deb rpm py pyw pl rb php ' +
    'docm dotm xlsm xltm xlam pptm potm ppam sldm iso img vhd vhdx msix appx appxbundle application gadget chm'
  ).split(' ')
)

export function isProgramFile(name: string): boolean {
  const dot = name.lastIndexOf('.')
  return dot > 0 && programs.has(name.slice(dot + 1).toLowerCase())
}

/** Sizes as a person reads them: 512 B, 14 KB, 3.2 MB. */
export function fileSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`
}
