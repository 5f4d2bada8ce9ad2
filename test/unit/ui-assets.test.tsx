import { readFileSync } from 'node:fs'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { CSS_PATH, JS_PATH } from '#functions/http/ui/asset-names.generated.ts'
import { CSS, JS } from '#functions/http/ui/assets.generated.ts'
import {
  ErrorSummary,
  FormTable,
  Radios,
  rowField,
  rowIssueLabels,
  Textarea,
} from '#functions/http/ui/components.tsx'
import { PAGE_HEADERS } from '#functions/http/ui/page.tsx'
import { assetRoutes } from '#functions/web/assets.ts'
import { buildUiAssets, GENERATED } from '#infra/ui-assets.ts'

describe('the pages’ stylesheet and script', () => {
  it('are what `npm run build:assets` makes of their sources now (run it if this fails)', async () => {
    const built = await buildUiAssets()
    expect(readFileSync(GENERATED.names, 'utf8')).toBe(built.names)
    expect(
      readFileSync(GENERATED.assets, 'utf8') === built.assets,
      'assets.generated.ts is out of date',
    ).toBe(true)
  }, 60_000)

  it('use a system font stack and no GOV.UK font, and load nothing else', () => {
    expect(CSS).not.toContain('GDS Transport')
    expect(CSS).not.toMatch(/@font-face/)
    expect(CSS).toContain('font-family:system-ui')
    // Only the footer's crest (a class no page uses) names an image; the CSP would refuse it anyway.
    expect([...CSS.matchAll(/url\(([^)]*)\)/g)].map((m) => m[1])).toEqual(
      Array(3).fill('"/assets/images/govuk-crest.svg"'),
    )
    expect(JS).toContain('govuk-frontend-supported')
  })

  it('are served at their fingerprinted paths with a year’s cache, and nothing else is', async () => {
    const app = new Hono().route('/', assetRoutes())
    for (const [path, type, body] of [
      [CSS_PATH, 'text/css', CSS],
      [JS_PATH, 'text/javascript', JS],
    ] as const) {
      const res = await app.request(path)
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain(type)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      expect(await res.text()).toBe(body)
    }
    expect((await app.request('/ui/assets/app.0123456789ab.css')).status).toBe(404)
  })

  it('are allowed by a CSP with no inline code but the Design System’s one snippet, by its hash', () => {
    const csp = PAGE_HEADERS['Content-Security-Policy'] ?? ''
    expect(csp).not.toContain('unsafe-inline')
    expect(csp).toMatch(
      /script-src 'self' 'sha256-[\w+/=]+'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'/,
    )
  })
})

describe('many rows in one form', () => {
  it('labels each row’s fields by the row, and the error summary links each issue to its row’s field', () => {
    const rows = [
      { key: 'A1', ref: '03.23/06/2020' },
      { key: 'B2', ref: '04.23/06/2020' },
    ]
    const state = {
      form: 'arising',
      issues: [{ path: rowField('note', 'B2'), message: 'Enter a discharge note' }],
      values: { [rowField('outcome', 'B2')]: 'discharged', [rowField('note', 'A1')]: 'kept' },
    }
    const html = String(
      <form>
        <ErrorSummary
          state={state}
          labels={rowIssueLabels(new Map(rows.map((r) => [r.key, r.ref])), {
            note: 'note',
            outcome: 'decision',
          })}
        />
        <FormTable
          caption="Actions Arising"
          head={['Reference', 'Decision', 'Note']}
          rows={rows.map((r) => ({
            key: r.key,
            cells: [
              r.ref,
              <Radios
                form="arising"
                name={rowField('outcome', r.key)}
                legend={`Decision on ${r.ref}`}
                legendSize="hidden"
                small
                state={state}
                options={[
                  { value: 'discharged', label: 'Discharge' },
                  { value: 'carried-forward', label: 'Carry forward' },
                ]}
              />,
              <Textarea
                form="arising"
                name={rowField('note', r.key)}
                label={`Note on ${r.ref}`}
                labelHidden
                rows={2}
                state={state}
              />,
            ],
          }))}
        />
      </form>,
    )
    expect(html).toContain('<a href="#arising-note-B2">04.23/06/2020, note: Enter a discharge note</a>')
    expect(html).toContain('<th scope="row" class="govuk-table__header">03.23/06/2020</th>')
    // The refused row's field: its message by it, tied to it, and what was typed kept.
    expect(html).toContain('<p id="arising-note-B2-error" class="govuk-error-message">')
    expect(html).toMatch(
      /id="arising-note-B2" name="note\.B2" rows="2" aria-describedby="arising-note-B2-error"/,
    )
    expect(html).toMatch(/id="arising-note-A1" name="note\.A1" rows="2">kept<\/textarea>/)
    expect(html).toMatch(
      /id="arising-outcome-B2" name="outcome\.B2" type="radio" value="discharged" checked=""/,
    )
    expect(html).toContain(
      '<legend class="govuk-fieldset__legend govuk-visually-hidden">Decision on 03.23/06/2020</legend>',
    )
    expect(html).toContain(
      '<label class="govuk-label govuk-visually-hidden" for="arising-note-A1">Note on 03.23/06/2020</label>',
    )
  })
})
