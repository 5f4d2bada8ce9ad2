import { findDates, nextOnOrAfter } from './dates.ts'

export type Due = { hint: string | null; date: string | null }

const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)'
const MEETING = '(?:meeting|pam|board|panel|committee|forum|session|group|briefing)'

const HINTS: RegExp[] = [
  // "by 6 June", "by 30/06/2022", "by the end of June", "no later than 1 May"
  new RegExp(
    `\\b(?:by|before|no later than|due|deadline:?)\\s+(?:the\\s+)?(?:end\\s+of\\s+)?(?:\\d{1,2}(?:\\s?(?:st|nd|rd|th))?\\s+${MONTH}(?:\\s+\\d{4})?|${MONTH}(?:\\s+\\d{1,2}(?:st|nd|rd|th)?)?(?:\\s+\\d{4})?|\\d{1,2}[/.]\\d{1,2}(?:[/.]\\d{2,4})?)\\b`,
    'i',
  ),
  // "at May PAM", "for the June meeting"
  new RegExp(`\\b(?:at|for|to|by|before)\\s+(?:the\\s+)?${MONTH}\\s+${MEETING}\\b`, 'i'),
  // "for the next meeting", "at next CJS Recovery forum"
  new RegExp(
    `\\b(?:at|for|to|by|before|prior to)\\s+(?:the\\s+)?next\\s+(?:[\\w&-]+\\s+){0,3}?${MEETING}\\b`,
    'i',
  ),
  /\b(?:when|once|as soon as)\s+(?:it\s+is\s+|they\s+are\s+)?(?:available|ratified|completed?|agreed|approved|finalised|finalized|published|received|possible)\b/i,
  /\b(?:within|in)\s+(?:\d+|one|two|three|four|six)\s+(?:days|weeks|months)\b/i,
  /\bpost[- ]meeting\b/i,
  /\b(?:by|before|at)\s+(?:the\s+)?end\s+of\s+(?:the\s+)?(?:month|week|year|quarter|financial year)\b/i,
  /\b(?:asap|as soon as possible|immediately)\b/i,
]

/** A due hint as written and, when it names a day, that day on or after the meeting. */
export function dueOf(text: string, meetingDate: string): Due {
  for (const re of HINTS) {
    const m = re.exec(text)
    if (!m) continue
    const hint = m[0].trim()
    const found = findDates(hint, meetingDate).find((d) => d.iso)
    let date = found?.iso ?? null
    if (!date) {
      // "by 30/06" names a day without a year.
      const dm = /\b(\d{1,2})[/.](\d{1,2})$/.exec(hint)
      if (dm) date = nextOnOrAfter(Number(dm[2]), Number(dm[1]), meetingDate)
    }
    if (date && date < meetingDate) date = null
    return { hint, date }
  }
  return { hint: null, date: null }
}
