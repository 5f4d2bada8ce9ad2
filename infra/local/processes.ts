import { type ChildProcess, spawn } from 'node:child_process'
import type { Server } from 'node:http'
import { createServer } from 'node:net'

/** A free TCP port on loopback, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))))
    })
  })
}

/** Starts `server` (on loopback and a port the OS chooses, unless told); answers its base URL. */
export async function listen(server: Server, port = 0, host = '127.0.0.1'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => resolve())
  })
  const addr = server.address()
  if (typeof addr !== 'object' || !addr) throw new Error(`${host}:${port} gave no port`)
  return `http://${host}:${addr.port}`
}

/** Stops `server` now: the SDK keeps its connections alive, so they are closed first. */
export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  })
}

export type Child = { process: ChildProcess; stop: () => Promise<void>; output: () => string }

/** Spawns a child we own, keeps its last output for error messages, and stops it by PID. */
export function startChild(command: string, args: string[], opts: { cwd?: string; name: string }): Child {
  const child = spawn(command, args, { cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  child.on('error', (e) => keep(Buffer.from(`\n${opts.name}: ${e.message}`)))
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      child.kill('SIGTERM')
      const timeout = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timeout)
    },
  }
}

/** Polls `probe` until it resolves true, or fails with what the child printed. */
export async function waitUntil(
  probe: () => Promise<boolean>,
  child: Child,
  what: string,
  timeoutMs = 60_000,
) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null) throw new Error(`${what} exited early:\n${child.output()}`)
    if (await probe().catch(() => false)) return
    await new Promise((r) => setTimeout(r, 150))
  }
  throw new Error(`${what} did not become ready within ${timeoutMs / 1000}s:\n${child.output()}`)
}
