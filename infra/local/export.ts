import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { ActionLogFormat, ActionLogVersion } from '#shared/domain/action-log.ts'
import { Id, Role } from '#shared/domain/common.ts'
import { loadOrCreateKey, signLocalToken } from './auth.ts'
import { readStackFile } from './stack-file.ts'

const USAGE = `Usage: npm run export -- --meeting <meetingId> [--format docx|csv|html] [--version open|full] [--out FILE]
                          [--as secretariat|chair|member] [--person <personId>]

Fetches a meeting's action log for the meeting pack from the running local stack (npm start)
and writes it to FILE (default: the file name the API gives, in the current directory).
  --format   docx (default), csv or html
  --version  open (default: exempt items show their exemption wording) or full (secretariat and chair)
  --as       the role to ask as (default secretariat); a member needs --person`

export type FetchedLog = { ok: true; bytes: Uint8Array; fileName: string; contentType: string }
export type Refusal = { ok: false; message: string }

/**
 * Asks the API for the action log, as any client would. A stack that does not answer and
 * every refusal (unknown meeting, role, bad query) become one plain sentence.
 */
export async function fetchActionLog(opts: {
  apiUrl: string
  token: string
  meetingId: string
  format: ActionLogFormat
  version: ActionLogVersion
}): Promise<FetchedLog | Refusal> {
  const url = `${opts.apiUrl}/meetings/${encodeURIComponent(opts.meetingId)}/action-log?format=${opts.format}&version=${opts.version}`
  let res: Response
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${opts.token}` } })
  } catch (e) {
    const why = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e)
    return {
      ok: false,
      message: `The local stack at ${opts.apiUrl} is not answering (${why}). Is it running? Start it with: npm start`,
    }
  }
  if (res.status === 200) {
    const disposition = res.headers.get('content-disposition') ?? ''
    const fileName = /filename="([^"]+)"/.exec(disposition)?.[1] ?? `action-log.${opts.format}`
    return {
      ok: true,
      bytes: new Uint8Array(await res.arrayBuffer()),
      fileName,
      contentType: res.headers.get('content-type') ?? '',
    }
  }
  const problem = (await res.json().catch(() => ({}))) as {
    detail?: string
    issues?: { path: string; message: string }[]
  }
  if (res.status === 404)
    return { ok: false, message: `No meeting ${opts.meetingId} on the running local stack.` }
  if (res.status === 401) {
    return {
      ok: false,
      message:
        'The local stack refused the token: it was started with another key (.local/jwt-key). Restart it or run from its directory.',
    }
  }
  const issues = problem.issues?.map((i) => `\n  ${i.path}: ${i.message}`).join('') ?? ''
  return {
    ok: false,
    message: `The API refused the export (${res.status}): ${problem.detail ?? res.statusText}${issues}`,
  }
}

async function main(): Promise<number> {
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      options: {
        meeting: { type: 'string' },
        format: { type: 'string', default: 'docx' },
        version: { type: 'string', default: 'open' },
        out: { type: 'string' },
        as: { type: 'string', default: 'secretariat' },
        person: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (e) {
    console.error(`${e instanceof Error ? e.message : String(e)}\n\n${USAGE}`)
    return 2
  }
  if (values.help) {
    console.log(USAGE)
    return 0
  }
  const meeting = Id.safeParse(values.meeting)
  const format = ActionLogFormat.safeParse(values.format)
  const version = ActionLogVersion.safeParse(values.version)
  const role = Role.safeParse(values.as)
  const person = values.person === undefined ? null : Id.safeParse(values.person)
  const problems = [
    values.meeting === undefined ? '--meeting is required (the meeting id, a 26-character ULID)' : null,
    values.meeting !== undefined && !meeting.success
      ? `--meeting "${values.meeting}" is not a meeting id (a 26-character ULID)`
      : null,
    format.success ? null : `--format must be docx, csv or html, not "${values.format}"`,
    version.success ? null : `--version must be open or full, not "${values.version}"`,
    role.success ? null : `--as must be secretariat, chair or member, not "${values.as}"`,
    person && !person.success ? `--person "${values.person}" is not a person id` : null,
    role.data === 'member' && !person ? 'a member (--as member) needs --person <personId>' : null,
  ].filter((p): p is string => p !== null)
  if (problems.length > 0 || !meeting.success || !format.success || !version.success || !role.success) {
    console.error(`${problems.join('\n')}\n\n${USAGE}`)
    return 2
  }

  const stack = readStackFile()
  if (!stack) {
    console.error('No running local stack found (.local/stack.json). Start one with: npm start')
    return 1
  }
  const token = await signLocalToken(loadOrCreateKey(), {
    role: role.data,
    ...(person?.success ? { personId: person.data } : {}),
  })
  const got = await fetchActionLog({
    apiUrl: stack.apiUrl,
    token,
    meetingId: meeting.data,
    format: format.data,
    version: version.data,
  })
  if (!got.ok) {
    console.error(got.message)
    return 1
  }
  const out = resolve(typeof values.out === 'string' ? values.out : got.fileName)
  writeFileSync(out, got.bytes)
  console.log(
    `Wrote the ${version.data} action log (${format.data}, ${formatBytes(got.bytes.length)}) to ${out}`,
  )
  return 0
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} bytes` : `${(n / 1024).toFixed(1)} KB`
}

// Run as a command (npm run export), not when a test imports `fetchActionLog`.
if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().then(
    (code) => {
      process.exitCode = code
    },
    (e: unknown) => {
      console.error(`export failed: ${e instanceof Error ? e.message : String(e)}`)
      process.exitCode = 1
    },
  )
}
