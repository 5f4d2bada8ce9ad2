import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { SHOTS } from './chromium.ts'

/**
 * Driving a page with the keyboard alone, as a person who uses no mouse does: Tab and
 * Shift+Tab between the stops, arrow keys and Space in radios, Enter on links and buttons,
 * typing into the field that has the focus. After every key that moves the focus, the
 * element that has it must not be the page itself and must show the Design System's focus
 * style; a stop that does not fails the test where it happened.
 */

/** What has the focus, as a keyboard user would hear it named. */
export type Focused = {
  tag: string
  /** An input's type (radio, text, date…), else ''. */
  type: string
  /** Its label, or a link's or button's text (spaces collapsed). */
  name: string
  /** The legend of the fieldset it is in, if any. */
  legend: string
  /** A radio's or checkbox's state. */
  checked: boolean
  /** The focus style is drawn (an outline or the focus box-shadow, on the radio's or checkbox's label for those). */
  visible: boolean
  /** Nothing has the focus (the page's body). */
  body: boolean
  /** The browser's own calendar or clock button inside a date or time field (see `pickerStops`). */
  picker: boolean
  /** In the Tab order (not an element the page's script focused, such as a banner). */
  tabbable: boolean
  /** How the test names it in a failure. */
  describe: string
}

export type Target = { tag?: string; type?: string; name: string | RegExp; legend?: string }

/**
 * Reads the focused element, or (with `all`) every element a Tab can reach, each with
 * whether it comes after the focused one. Runs in the page (as source: this project's
 * TypeScript has no DOM types), only reading, never acting.
 */
const IN_PAGE = `(all) => {
  const text = (s) => (s ?? '').replace(/\\s+/g, ' ').trim()
  const drawn = (s) =>
    (s.boxShadow !== 'none' && s.boxShadow !== '') ||
    (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && s.outlineColor !== 'rgba(0, 0, 0, 0)')
  const describe = (el) => {
    const labels = el.labels ? [...el.labels] : []
    const name = text(labels.length > 0 ? labels.map((l) => l.innerText).join(' ') : (el.getAttribute('aria-label') ?? el.innerText))
    const legend = text(el.closest('fieldset')?.querySelector('legend')?.innerText)
    const tag = el.tagName.toLowerCase()
    const type = tag === 'input' ? el.type : ''
    // The Design System draws a radio's or checkbox's focus ring on its label's box.
    const style = type === 'radio' || type === 'checkbox'
      ? (labels[0] ? getComputedStyle(labels[0], '::before') : null)
      : getComputedStyle(el)
    const shown = Boolean(style && drawn(style)) && el.matches(':focus-visible, :focus')
    // A date or time field's own calendar or clock button (inside the browser's field) has
    // the focus: the field loses the service's focus style and only the browser's ring shows.
    const picker = !shown && (type === 'date' || type === 'time') && document.activeElement === el
    return {
      tag, type, name, legend,
      checked: Boolean(el.checked),
      visible: shown || picker,
      picker,
      tabbable: el.tabIndex >= 0,
      body: false,
      describe: '<' + tag + (type ? ' type=' + type : '') + '> "' + name.slice(0, 60) + '"' + (legend ? ' in "' + legend + '"' : '') +
        (style ? ' (outline ' + style.outlineStyle + ' ' + style.outlineWidth + ' ' + style.outlineColor + ', box-shadow ' + style.boxShadow + ')' : ''),
    }
  }
  const active = document.activeElement
  const none = !active || active === document.body || active === document.documentElement
  if (!all)
    return none
      ? { tag: 'body', type: '', name: '', legend: '', checked: false, visible: false, picker: false, tabbable: false, body: true, describe: "the page's body" }
      : describe(active)
  const stops = [...document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, textarea, summary, [tabindex="0"]',
  )].filter((el) => el.getClientRects().length > 0)
  // Stops are compared for where they sit relative to the focus (4: following it).
  return stops.map((el) => ({ ...describe(el), after: none || Boolean(active.compareDocumentPosition(el) & 4) }))
}`

const readPage = <T>(page: Page, all: boolean) => page.evaluate(`(${IN_PAGE})(${all})`) as Promise<T>

export async function focused(page: Page): Promise<Focused> {
  return readPage<Focused>(page, false)
}

const matches = (f: Omit<Focused, 'visible'>, t: Target) =>
  (t.tag === undefined || f.tag === t.tag) &&
  (t.type === undefined || f.type === t.type) &&
  (t.legend === undefined || f.legend === t.legend) &&
  (typeof t.name === 'string' ? f.name === t.name : t.name.test(f.name))

const label = (t: Target) => `${t.tag ?? 'element'} "${String(t.name)}"${t.legend ? ` in "${t.legend}"` : ''}`

/** Every focus stop passed on the way, for the failure message and the test's record. */
export const visited: string[] = []

/**
 * The stops that showed only the browser's thin focus ring, not the service's: the calendar
 * button of the browser's own date field (a known issue the accessibility statement names).
 */
export const pickerStops: string[] = []

/** One press of a key that moves the focus; what then has it must be visibly focused. */
export async function press(page: Page, key: 'Tab' | 'Shift+Tab'): Promise<Focused> {
  await page.keyboard.press(key)
  const f = await focused(page)
  visited.push(f.describe)
  if (f.picker) pickerStops.push(`${new URL(page.url()).pathname}: ${f.describe}`)
  if (f.body) throw new Error(`after ${key} on ${page.url()} nothing had the focus (the page's body)`)
  if (!f.visible) {
    // What the page looked like then, to see whether the browser drew a ring the check missed.
    await page.screenshot({ path: join(SHOTS, 'keyboard-focus-not-visible.png') })
    throw new Error(
      `after ${key} on ${page.url()} the focus was not visible on ${f.describe}; the stops before: ${visited.slice(-12, -1).join(' | ')}`,
    )
  }
  return f
}

/**
 * Tabs to the first stop matching `target` after the focus (Shift+Tab if it is before
 * it): the page is read only to know which way to go and how far.
 */
export async function tabTo(page: Page, target: Target, max = 300): Promise<Focused> {
  let now = await focused(page)
  if (!now.body && matches(now, target)) return now
  // From the page itself, or an element the page's script focused (the success banner),
  // Tab goes on from where the browser's starting point is (the address's #fragment, say):
  // one Tab shows where that is.
  if (!now.tabbable) {
    now = await press(page, 'Tab')
    if (matches(now, target)) return now
  }
  const stops = await readPage<(Focused & { after: boolean })[]>(page, true)
  const ahead = stops.some((s) => s.after && matches(s, target))
  const behind = stops.some((s) => !s.after && matches(s, target))
  if (!ahead && !behind) throw new Error(`no ${label(target)} to tab to on ${page.url()}`)
  const key = ahead ? 'Tab' : 'Shift+Tab'
  for (let i = 0; i < max; i++) {
    const f = await press(page, key)
    if (matches(f, target)) return f
  }
  throw new Error(`${label(target)} not reached in ${max} presses of ${key} on ${page.url()}`)
}

/** Types into the field with the label `name` (reached by Tab). */
export async function typeInto(page: Page, name: string | RegExp, text: string, tag?: string): Promise<void> {
  await tabTo(page, { name, ...(tag ? { tag } : {}) })
  await page.keyboard.type(text)
}

/**
 * Picks `option` of the radios under `legend`: Tab into the group, then the arrow keys (which
 * move and pick), or Space on a radio focused but not yet picked.
 */
export async function chooseRadio(page: Page, legend: string, option: string): Promise<void> {
  let f = await tabTo(page, { tag: 'input', type: 'radio', legend, name: /.*/ })
  for (let i = 0; i < 10; i++) {
    if (f.name === option) {
      if (!f.checked) {
        await page.keyboard.press('Space')
        f = await focused(page)
      }
      if (f.checked) return
    } else {
      await page.keyboard.press('ArrowDown')
      f = await focused(page)
      if (f.body || !f.visible) throw new Error(`the arrow key lost the focus in "${legend}"`)
    }
  }
  throw new Error(`could not pick "${option}" in "${legend}"`)
}

/** Tabs to a button or link and presses Enter; waits for the page it leads to. */
export async function activate(
  page: Page,
  target: Target,
  leadsTo: RegExp,
  key: 'Enter' | 'Space' = 'Enter',
): Promise<void> {
  await tabTo(page, target)
  await Promise.all([page.waitForURL(leadsTo, { timeout: 15_000 }), page.keyboard.press(key)])
  await page.waitForLoadState('load')
}

/**
 * A fresh page's first Tab stop is the skip link, shown when focused; Shift+Tab from the
 * next stop comes back to it; Enter on it puts the focus on the main content.
 */
export async function skipLinkFirst(page: Page): Promise<void> {
  const first = await press(page, 'Tab')
  if (first.tag !== 'a' || first.name !== 'Skip to main content')
    throw new Error(`the first Tab stop on ${page.url()} was ${first.describe}, not the skip link`)
  await press(page, 'Tab')
  const back = await press(page, 'Shift+Tab')
  if (back.name !== 'Skip to main content')
    throw new Error(`Shift+Tab on ${page.url()} went to ${back.describe}, not back to the skip link`)
  await page.keyboard.press('Enter')
  const main = (await page.evaluate('document.activeElement?.id')) as string | undefined
  if (main !== 'main-content') throw new Error(`the skip link on ${page.url()} moved the focus to ${main}`)
}
