import { Id, Role } from '#shared/domain/common.ts'
import { loadOrCreateKey, signLocalToken } from './auth.ts'

const USAGE = `Usage: npm run -s token -- <secretariat|chair|member> [personId]

Prints a bearer token that the local stack (npm start) accepts, valid for 12 hours.
A member token needs the person id of the member (npm start prints the demo's ids).`

async function main() {
  const [roleArg, personId] = process.argv.slice(2)
  const role = Role.safeParse(roleArg)
  if (!role.success) {
    console.error(USAGE)
    process.exit(2)
  }
  if (personId !== undefined && !Id.safeParse(personId).success) {
    console.error(`"${personId}" is not a person id (a 26-character ULID).\n\n${USAGE}`)
    process.exit(2)
  }
  if (role.data === 'member' && !personId) {
    console.error(`A member token needs a person id.\n\n${USAGE}`)
    process.exit(2)
  }
  console.log(await signLocalToken(loadOrCreateKey(), { role: role.data, personId }))
}

void main()
