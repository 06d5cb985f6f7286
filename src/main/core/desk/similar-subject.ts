import { fold } from './snippet'

/** Words that say nothing about the problem; ticket text is full of them (knowledge search drops them too). */
export const fillerWords = new Set(
  'a about after again all also an and any are as ask asking asks at be before but by can cannot can t could did do does doesn don for from get gets getting had has have help hi i if in into is it its just keeps me my new no not now of on one only or other others our please problem same since so some still that the their them then there this to too up us very was we were when why will with won work working would you your fine ok'.split(
    ' '
  )
)

function meaningful(subject: string): Set<string> {
  return new Set((subject.match(/[\p{L}\p{N}]+/gu) ?? []).map(fold).filter((w) => !fillerWords.has(w) && (w.length > 2 || /\d/.test(w))))
}

/**
 * Whether two subjects are likely the same problem told twice: at least two meaningful words in
 * common, or half the words of a short one ("VPN down" and "VPN slow again"). Used to warn before a
 * requester gets a second ticket for what they already reported.
 */
export function subjectsAlike(a: string, b: string): boolean {
  const [x, y] = [meaningful(a), meaningful(b)]
  const shared = [...x].filter((w) => y.has(w)).length
  const shorter = Math.min(x.size, y.size)
  return shared >= 2 || (shared >= 1 && shorter <= 2 && shared / shorter >= 0.5)
}
