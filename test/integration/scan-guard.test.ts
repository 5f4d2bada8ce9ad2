import { describe, expect, it } from 'vitest'
import { startApi } from './harness.ts'

/**
 * The harness records every DynamoDB command the API issues and each test file's close()
 * fails on a Scan. This proves the recorder would see one.
 */
describe('the no-Scan check', () => {
  it('records the commands the API issues, and would catch a Scan', async () => {
    const api = await startApi()
    try {
      await api.get('/boards')
      expect(api.commands).toContain('Query')
      await api.scanProbe()
      expect(api.commands.filter((c) => c === 'Scan')).toHaveLength(1)
    } finally {
      // This file scanned on purpose; the check itself is what is under test here.
      api.commands.length = 0
      await api.close()
    }
  })
})
