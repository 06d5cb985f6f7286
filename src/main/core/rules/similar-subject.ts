import { fold } from './snippet'

/** Words that say nothing about the problem; ticket text is full of them (knowledge search drops them too). */
export const fillerWords = new Set(
  'a about after again all also am an and any anyone anything are as ask asking asks asap at be because been before being but by can cannot cant can t could did didn do does doesn don dont each even ever every for from get gets getting got had has have hello help hey hi how i if im in into is isn it its ive just keep keeps know let like me mine morning my need needs new no not now of off on once one only or other others our out pls please plz problem really right said same say says see seems should since so some someone something still sure than thank thanks that the their them then there these they thing things think this those thx to today too tried try trying up urgent us very want wants was way we were what when where which while who why will with won work working would yes yet you your fine ok'.split(' ')
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
