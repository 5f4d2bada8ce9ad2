import type { Estimate } from './estimate.ts'
import type { Inventory } from './inventory.ts'
import { PRICES, PRICES_AS_OF, PRICES_REGION } from './prices.ts'
import { ASSUMPTIONS } from './profiles.ts'

export const usd = (x: number) => (x === 0 ? '$0' : x < 0.005 ? '<$0.01' : `$${x.toFixed(2)}`)
const qty = (x: number) => (x >= 100 ? Math.round(x) : Number(x.toPrecision(3))).toLocaleString('en-GB')
const priceOf = (name: keyof typeof PRICES) => {
  const p = PRICES[name]
  const per = p.per === 1 ? '' : ` per ${p.per.toLocaleString('en-GB')}`
  const free = 'alwaysFree' in p ? `; ${p.alwaysFree.toLocaleString('en-GB')} free` : ''
  return `$${p.usd}${per} ${p.unit}${free}`
}

/** The README's cost section: both profiles, each service's lines with their arithmetic. */
export function renderMarkdown(inv: Inventory, estimates: Estimate[]): string {
  const out: string[] = []
  out.push(
    `At AWS list prices for ${PRICES_REGION} as read on ${PRICES_AS_OF} (\`infra/cost/prices.ts\`, each with its source page), for the resources the synthesised templates hold. "After always-free" takes off only AWS's always-free allowances, which every account has every month for good (Lambda's 1M requests and 400,000 GB-s, CloudWatch's 10 alarm metrics, 10 custom metrics and 5 GB of logs, X-Ray's 100,000 traces, DynamoDB's 25 GB, KMS's 20,000 requests, Cognito Essentials' 10,000 users); no 12-month introductory tier (SES's, API Gateway's) is used. An account that already uses those allowances for something else pays the list column. Parameter Store's standard parameters and their reads cost nothing.`,
  )
  out.push('')
  const alarmMetrics = inv.alarmMetrics.reduce((s, a) => s + a.metrics, 0)
  out.push(
    `${estimates.map((e) => `The ${e.profile.name}: **${usd(e.usdAfterFree)} a month after the always-free allowances, ${usd(e.usd)} at list price**.`).join(' ')} Putting the alarms together saves little on its own, and here nothing: CloudWatch bills every metric an alarm reads, not the alarm, so ${inv.alarmMetrics.length} alarms reading ${alarmMetrics} metrics are billed as ${alarmMetrics} alarm metrics ($${(alarmMetrics * PRICES.alarmMetrics.usd).toFixed(2)} at list price, ${usd(Math.max(0, alarmMetrics - PRICES.alarmMetrics.alwaysFree) * PRICES.alarmMetrics.usd)} after the free ${PRICES.alarmMetrics.alwaysFree}), against $1.10 for the 11 single-metric alarms before issue #18; fewer alarms mean fewer emails, not a smaller bill. What took the fixed cost out was dropping the KMS key, the Secrets Manager secret and Cognito's Plus plan, and writing metrics only when non-zero.`,
  )
  out.push('')
  out.push(`| | ${estimates.map((e) => e.profile.name).join(' | ')} |`)
  out.push(`| --- | ${estimates.map(() => '---:').join(' | ')} |`)
  out.push(
    `| usage a month | ${estimates.map((e) => `${e.profile.meetings} meetings, ${e.profile.actions.toLocaleString('en-GB')} actions, ${e.profile.emails.toLocaleString('en-GB')} emails, ${e.profile.users} users, ${e.profile.boards} boards`).join(' | ')} |`,
  )
  out.push(`| **after always-free** | ${estimates.map((e) => `**${usd(e.usdAfterFree)}**`).join(' | ')} |`)
  out.push(`| at list price | ${estimates.map((e) => usd(e.usd)).join(' | ')} |`)
  for (const e of estimates) {
    out.push('')
    out.push(`### ${e.profile.name}`)
    const services = [...new Set(e.lines.map((l) => l.service))]
    out.push('')
    out.push('| service | item | usage | arithmetic | price | list | after always-free |')
    out.push('| --- | --- | ---: | --- | --- | ---: | ---: |')
    for (const service of services) {
      const lines = e.lines.filter((l) => l.service === service)
      for (const l of lines)
        out.push(
          `| ${service} | ${l.item} | ${qty(l.quantity)} | ${l.arithmetic} | ${priceOf(l.price)} | ${usd(l.usd)} | ${usd(l.usdAfterFree)} |`,
        )
      if (lines.length > 1)
        out.push(
          `| **${service}** | | | | | **${usd(lines.reduce((s, l) => s + l.usd, 0))}** | **${usd(lines.reduce((s, l) => s + l.usdAfterFree, 0))}** |`,
        )
    }
    out.push(`| **total** | | | | | **${usd(e.usd)}** | **${usd(e.usdAfterFree)}** |`)
  }
  out.push('')
  out.push(
    `What the templates hold that is priced: ${inv.alarmMetrics.length} alarms (${inv.alarmMetrics.reduce((s, a) => s + a.metrics, 0)} alarm metrics), ${Object.keys(inv.memoryMb).length} functions, ${inv.scheduleRuns.length} schedules, ${inv.logGroups.length} log groups, ${inv.kmsKeys} customer-managed KMS keys, ${inv.secrets} Secrets Manager secrets; the user pool on ${inv.userPoolTier}. SQS failure queues and the alarm topic's emails cost nothing while nothing fails. Every assumption is in \`infra/cost/profiles.ts\`:`,
  )
  out.push('')
  for (const [name, a] of Object.entries(ASSUMPTIONS)) out.push(`- \`${name}\` = ${a.value}: ${a.why}`)
  return out.join('\n')
}
