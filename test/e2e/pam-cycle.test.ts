import { beforeAll, describe, expect, it } from 'vitest'
import { signLocalToken } from '#infra/local/auth.ts'
import { browse, hasText } from './browse.ts'

/**
 * A month's cycle on a board built from the seeds' PAM minutes of 23 June 2020
 * (../shared/seeds/pam-minutes-2020-06-23.txt: its attendees by the initials the minutes use,
 * its actions as the minutes word them), in Chromium: its 12 actions raised in one form,
 * decided at the next PAM in one form (one discharge left without its note), the minutes
 * approved; the forms sent are counted (the issue's target: at most 6) and the outcomes
 * read back from the API. Every step is screenshotted and checked with axe at 1100 and 320 px.
 */
const web = browse({ demo: false, schedules: false })
let token = ''

beforeAll(async () => {
  token = await signLocalToken(web.stack.key, { role: 'secretariat' })
})

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${web.stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
  expect(res.status, `${method} ${path}`).toBeLessThan(300)
  return res.status === 204 ? null : res.json()
}

/** The attendees of 23 June 2020 (and the apology), with the initials the minutes give them. */
const PEOPLE = [
  ['Philip Seccombe', 'PCC', 'Police and Crime Commissioner for Warwickshire'],
  ['Martin Jelley', 'CC', 'Chief Constable Warwickshire Police'],
  ['Richard Moore', 'RM', 'Deputy Chief Constable'],
  ['Debbie Tedds', 'DT', 'Assistant Chief Constable Warwickshire Police'],
  ['Steve Russell', 'SR', 'Head of Analysis and Service Improvement'],
  ['Kim Perkin', 'KP', 'Senior Public Contact Manager'],
  ['Nicola Starr', 'NS', 'Manager Service Development Unit'],
  ['Dawn Hartland', 'DH', 'Head of Criminal Justice'],
  ['Neil Hewison', 'NH', 'OPCC CEO'],
  ['David Patterson', 'DP', 'OPCC Development and Policy Lead - Performance'],
  ['Zeynab Gamielien', 'ZG', 'OPCC Development and Policy Lead - CJ'],
  ['Nargis Begum', 'NB', 'OPCC Secretariat - Minute Taker'],
  ['Neil Tipton', 'NT', 'OPCC Head of Communications'],
  ['Kate Quilley', 'KQ', 'Head of Corporate Communications'],
] as const

/**
 * The 12 rows typed: the minutes' four actions (01–04.23/06/2020, owners as written, "NT /
 * OPCC" among them), eight more the discussion gave owners; the 2020 minutes have no legacy
 * reference or exempt item, so those two rows take theirs from the later PAM minutes in the
 * seeds ("Action 1 02.21/12/21" of 25 January 2022; the S.31 Covid-19 item of 27 April 2021).
 */
const ROWS: readonly {
  item: string
  title?: string
  text: string
  owners: string
  ref?: string
  exempt?: string
}[] = [
  {
    item: '1',
    title: 'Single Online Home (SOH) and Digital Platform Updates',
    text: 'NT to add SOH links to OPCC website',
    owners: 'NT / OPCC',
  },
  {
    item: '2',
    title: 'Criminal Justice Deep-Dive',
    text: 'DH to provide Presentation for next CJS Recovery forum',
    owners: 'DH',
  },
  {
    item: '3',
    title: 'Performance Scrutiny Report',
    text: 'Performance Scrutiny Report – Written response to be provided by the Force to OPCC',
    owners: 'DT',
  },
  {
    item: '4',
    text: 'Proposed future PAM deep-dive subjects for 2020/21: July – Learning & Development; August – COVID Secure Arrangements; September – Black Lives Matter',
    owners: 'PCC / OPCC',
  },
  {
    item: '1',
    text: 'Go live of the RTI module: report the reduction in 101 telephone demand',
    owners: 'KP / NS',
  },
  { item: '1', text: "Online form for Sarah's Law on Single Online Home", owners: 'NS' },
  {
    item: '2',
    text: "Covid-19 FPNs: breakdown by ethnicity, taking into account the county's BAME population",
    owners: 'DH & DP',
  },
  {
    item: '2',
    text: "The Force's 6 month and 12 month plan to address the volume and age of RUI cases",
    owners: 'DH',
  },
  {
    item: '2',
    text: 'CJS Recovery Forums – presentation to be sent to OPCC for the next meeting',
    owners: 'DH and ZG',
  },
  {
    item: '3',
    text: 'Hate Crime – community tensions, proactive engagement and de-escalation',
    owners: 'DT, RM',
  },
  {
    item: '2',
    text: 'DP to arrange a meeting with KT to ensure SA is coherent with the Police and Crime Plan',
    owners: 'DP',
    ref: 'Action 1 02.21/12/21',
  },
  {
    item: '5',
    title: 'Covid-19 Update',
    text: 'Covid-19 update: national crime and policing measures',
    owners: 'CC',
    exempt: 'S.31 (Law Enforcement)',
  },
]

describe('a PAM month from the seeds’ minutes', () => {
  it('raises 12 actions in one form, decides them in one form at the next PAM, approves: in at most 6 forms', async () => {
    // The board, its people and members, and its meetings, through the API.
    const ids: Record<string, string> = {}
    for (const [name, initials, role] of PEOPLE) {
      const email = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@warwickshire.example`
      ids[initials] = (await api('POST', '/people', { name, initials, role, kind: 'person', email })).id
    }
    ids.OPCC = (
      await api('POST', '/people', {
        name: 'Office of the Police and Crime Commissioner',
        initials: 'OPCC',
        kind: 'team',
        email: 'opcc@warwickshire.example',
        memberIds: [ids.NH, ids.DP, ids.ZG, ids.NB, ids.NT],
      })
    ).id
    const board = await api('POST', '/boards', {
      name: 'Performance Accountability Meeting',
      shortName: 'PAM',
      chairId: ids.PCC,
      secretariatEmails: ['secretariat@opcc.example'],
    })
    for (const id of Object.values(ids)) await api('PUT', `/boards/${board.id}/members/${id}`)
    const june = await api('POST', `/boards/${board.id}/meetings`, {
      startsAt: '2020-06-23T09:00:00Z',
      location: 'Gold Room, Police HQ',
    })
    const july = await api('POST', `/boards/${board.id}/meetings`, { startsAt: '2020-07-21T09:00:00Z' })
    const august = await api('POST', `/boards/${board.id}/meetings`, { startsAt: '2020-08-18T09:00:00Z' })

    const sec = await web.newPage()
    await sec.goto(`${web.stack.apiUrl}/ui`)
    await sec.getByRole('radio', { name: 'Secretariat' }).check()
    await sec.getByRole('button', { name: 'Sign in' }).click()
    await sec.waitForURL(/\/ui\/boards$/)
    // From here on, every form sent is counted (signing in is not part of the cycle).
    const forms: string[] = []
    sec.on('request', (r) => {
      if (r.method() === 'POST') forms.push(new URL(r.url()).pathname)
    })

    // 1. The June meeting: its 12 actions in one form (two "Add 5 more rows" first).
    const junePage = `${web.stack.apiUrl}/ui/meetings/${june.id}`
    await sec.goto(junePage)
    await web.look(sec, 'pam-01-raise-form')
    for (const last of ['Action 10', 'Action 15']) {
      await sec.getByRole('button', { name: 'Add 5 more rows' }).click()
      await sec.getByRole('group', { name: last, exact: true }).waitFor()
    }
    for (const [i, row] of ROWS.entries()) {
      const fields = sec.getByRole('group', { name: `Action ${i + 1}`, exact: true })
      await fields.getByLabel('Agenda item').fill(row.item)
      if (row.title) await fields.getByLabel('Item title (optional)').fill(row.title)
      await fields.getByLabel('What is to be done').fill(row.text)
      await fields.getByLabel('Owners').fill(row.owners)
      if (row.ref) await fields.getByLabel('Reference (optional)').fill(row.ref)
      if (row.exempt) await fields.getByLabel('FOIA exemption (optional)').fill(row.exempt)
    }
    await web.look(sec, 'pam-02-raise-typed')
    await sec.getByRole('button', { name: 'Raise actions' }).click()
    await hasText(sec.getByRole('alert'), 'The actions were raised')
    await web.look(sec, 'pam-03-raised')
    const raised = (await api('GET', `/meetings/${june.id}/actions`)).items as {
      id: string
      ref: string
      ownerIds: string[]
      dueMeetingId: string
      exempt: { publicWording: string } | null
    }[]
    expect(raised).toHaveLength(12)
    const byRef = new Map(raised.map((a) => [a.ref, a]))
    expect(byRef.get('01.23/06/2020')?.ownerIds).toEqual([ids.NT, ids.OPCC])
    expect(byRef.get('03.23/06/2020')?.ownerIds).toEqual([ids.DT])
    expect(byRef.get('02.23/06/2020 (2)')?.ownerIds).toEqual([ids.DH, ids.DP])
    expect(byRef.get('Action 1 02.21/12/21')?.ownerIds).toEqual([ids.DP])
    expect(byRef.get('05.23/06/2020')?.exempt?.publicWording).toBe(
      'Exempt FOIA under Section S.31 (Law Enforcement)',
    )
    expect(raised.every((a) => a.dueMeetingId === july.id)).toBe(true)

    // 2. The July PAM: the 12 Actions Arising in one form; 03.23/06/2020 is marked for
    // discharge but its note forgotten; the Covid-19 item is left for "carry forward the rest".
    const julyPage = `${web.stack.apiUrl}/ui/meetings/${july.id}`
    await sec.goto(julyPage)
    const DISCHARGE: Record<string, string> = {
      '01.23/06/2020': 'Discharged – SOH links added to the OPCC website',
      '02.23/06/2020': 'Discharged – presentation circulated',
      '03.23/06/2020': '',
      '01.23/06/2020 (2)': 'Discharged – RTI reporting went live',
      '01.23/06/2020 (3)': "Discharged – Sarah's Law form live",
      'Action 1 02.21/12/21': 'Discharged – meeting held',
    }
    const CARRY: Record<string, string> = {
      '04.23/06/2020': 'Update – July and August subjects confirmed',
      '02.23/06/2020 (2)': 'Update – analysis under way',
      '02.23/06/2020 (3)': 'Update – plan to the September PAM',
      '02.23/06/2020 (4)': '',
      '03.23/06/2020 (2)': 'Update – Legitimacy Board deep dive planned',
    }
    for (const [ref, note] of Object.entries(DISCHARGE)) {
      await sec
        .getByRole('group', { name: `Decision on ${ref}`, exact: true })
        .getByLabel('Discharge')
        .check()
      if (note) await sec.getByLabel(`Note on ${ref}`, { exact: true }).fill(note)
    }
    for (const [ref, note] of Object.entries(CARRY)) {
      await sec
        .getByRole('group', { name: `Decision on ${ref}`, exact: true })
        .getByLabel('Carry forward')
        .check()
      if (note) await sec.getByLabel(`Note on ${ref}`, { exact: true }).fill(note)
    }
    await sec.getByLabel('Carry forward everything not decided').check()
    await web.look(sec, 'pam-04-decisions-typed')
    await sec.getByRole('button', { name: 'Save decisions' }).click()
    const summary = sec.locator('.govuk-error-summary')
    await hasText(summary, '03.23/06/2020: Enter a discharge note')
    await web.look(sec, 'pam-05-decisions-refused')
    // The others were saved; what was typed in every row is still there.
    expect(await sec.getByLabel('Note on 01.23/06/2020', { exact: true }).inputValue()).toBe(
      DISCHARGE['01.23/06/2020'],
    )
    expect(
      await sec
        .getByRole('group', { name: 'Decision on 03.23/06/2020', exact: true })
        .getByLabel('Discharge')
        .isChecked(),
    ).toBe(true)
    const proposed = async () =>
      new Map(
        (
          (await api('GET', `/meetings/${june.id}/actions`)).items as {
            ref: string
            proposedOutcome: { outcome: string } | null
          }[]
        ).map((a) => [a.ref, a.proposedOutcome?.outcome ?? null]),
      )
    const afterFirst = await proposed()
    expect(afterFirst.get('03.23/06/2020')).toBeNull()
    expect([...afterFirst.values()].filter((o) => o !== null)).toHaveLength(11)
    // The summary's link leads to the row's note; the note typed, the form sent again.
    await summary.getByRole('link', { name: '03.23/06/2020: Enter a discharge note' }).click()
    await sec
      .getByLabel('Note on 03.23/06/2020', { exact: true })
      .fill('Discharged – written response provided post meeting')
    await sec.getByRole('button', { name: 'Save decisions' }).click()
    await hasText(sec.getByRole('alert'), 'The decisions were saved')
    await web.look(sec, 'pam-06-decisions-saved')

    // 3. The minutes approved.
    await sec.getByRole('button', { name: 'Approve the minutes' }).click()
    await hasText(sec.getByRole('alert'), 'The minutes were approved')
    await web.look(sec, 'pam-07-approved')

    console.log(`PAM cycle: ${forms.length} forms sent (${forms.join(', ')})`)
    expect(forms.length).toBeLessThanOrEqual(6)

    // The rollover, from the table's stream: six discharged, six carried to August once.
    await expect
      .poll(
        async () =>
          ((await api('GET', `/meetings/${june.id}/actions`)).items as { status: string }[]).filter(
            (a) => a.status === 'open',
          ).length,
        { timeout: 30_000 },
      )
      .toBe(6)
    const final = (await api('GET', `/meetings/${june.id}/actions`)).items as {
      ref: string
      status: string
      carryCount: number
      dueMeetingId: string
    }[]
    for (const ref of Object.keys(DISCHARGE))
      expect(final.find((a) => a.ref === ref)?.status, ref).toBe('discharged')
    const carried = final.filter((a) => a.status === 'open')
    expect(carried.map((a) => a.ref).sort()).toEqual([...Object.keys(CARRY), '05.23/06/2020'].sort())
    expect(carried.every((a) => a.carryCount === 1 && a.dueMeetingId === august.id)).toBe(true)
    await sec.goto(julyPage)
    await web.look(sec, 'pam-08-july-after-rollover')

    web.expectEveryPageClean()
  }, 240_000)
})
