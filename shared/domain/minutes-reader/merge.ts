import { isInitials } from './people.ts'
import { contentWords } from './text.ts'

// Verbs every action shares; two actions agreeing only on "provide" are not the same action.
const GENERIC = new Set(
  [
    'provide',
    'update',
    'send',
    'share',
    'circulate',
    'arrange',
    'review',
    'ensure',
    'consider',
    'give',
    'action',
    'actions',
    'add',
    'take',
    'make',
    'meeting',
    'next',
  ].flatMap(contentWords),
)

/** Words that tell one action from another: no initials, stop words or generic verbs. */
export function keyWords(text: string): Set<string> {
  const words = text.split(/\s+/).filter((w) => !isInitials(w.replace(/[^\w&]/g, '')))
  return new Set(contentWords(words.join(' ')).filter((w) => !GENERIC.has(w)))
}

/** How much of the smaller word set the larger shares, and how many words that is. */
export function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): { score: number; shared: number } {
  let shared = 0
  for (const w of a) if (b.has(w)) shared++
  const min = Math.min(a.size, b.size)
  return { score: min === 0 ? 0 : shared / min, shared }
}

/** The same action written twice (Action column and actions table, "Action:" line and table). */
export function sameAction(a: ReadonlySet<string>, b: ReadonlySet<string>, threshold = 0.6): boolean {
  const o = overlap(a, b)
  return o.shared >= 2 && o.score >= threshold
}
