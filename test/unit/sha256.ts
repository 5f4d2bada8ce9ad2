import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'

type SourceData = string | ArrayBuffer | ArrayBufferView

const bytes = (data: SourceData): Buffer =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? Buffer.from(data.buffer, data.byteOffset, data.byteLength)
      : Buffer.from(data)

/** SHA-256, or HMAC-SHA256 when given a secret, as the SDK's signer (the tests' reference) wants its hash. */
export class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret))
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data))
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest())
  }
}
