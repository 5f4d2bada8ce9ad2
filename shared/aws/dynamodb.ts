import { randomUUID } from 'node:crypto'
// Types only: the shapes are the SDK's document-client ones, so nothing here is invented.
import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  TransactWriteCommandInput,
  TransactWriteCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import { AwsClient, type AwsClientOptions, AwsError } from './client.ts'

type Out<T> = Omit<T, '$metadata'>
type Doc = Record<string, unknown>
type Wire = Record<string, unknown>

/**
 * Maps the binary values (B, BS) in a map of attribute values, at any depth. DynamoDB's JSON
 * carries them as base64, which the SDK's (de)serializer converts from and to Uint8Array.
 */
function mapBinary(item: Wire, f: (b: unknown) => unknown): Wire {
  const value = (av: Wire): Wire =>
    'B' in av
      ? { B: f(av.B) }
      : 'BS' in av
        ? { BS: (av.BS as unknown[]).map(f) }
        : 'L' in av
          ? { L: (av.L as Wire[]).map(value) }
          : 'M' in av
            ? { M: mapBinary(av.M as Wire, f) }
            : av
  return Object.fromEntries(Object.entries(item).map(([k, av]) => [k, value(av as Wire)]))
}

// As the document client was configured: undefined attributes dropped, class instances refused.
const toWire = (doc: unknown): Wire =>
  mapBinary(
    marshall(doc as Doc, { removeUndefinedValues: true, convertClassInstanceToMap: false }) as Wire,
    (b) => Buffer.from(b as Uint8Array).toString('base64'),
  )
const fromWire = (wire: unknown): Doc =>
  unmarshall(
    mapBinary(wire as Wire, (b) => new Uint8Array(Buffer.from(b as string, 'base64'))) as Parameters<
      typeof unmarshall
    >[0],
  )

/** Marshals the named fields of `obj` that are present (Item, Key, ExpressionAttributeValues, …). */
function mapFields(obj: Doc | undefined, fields: string[], f: (v: unknown) => unknown): Doc | undefined {
  if (!obj) return obj
  const out: Doc = { ...obj }
  for (const k of fields) if (out[k] !== undefined) out[k] = f(out[k])
  return out
}
const ITEM_FIELDS = ['Item', 'Key', 'ExpressionAttributeValues', 'ExclusiveStartKey']
const marshalFields = (obj: Doc) => mapFields(obj, ITEM_FIELDS, toWire) as Doc
const unmarshalList = (items: unknown) => (items as unknown[] | undefined)?.map(fromWire)

/** Per table: `{ Keys: [...] }` (BatchGet) or `[{ PutRequest: { Item } } | { DeleteRequest: { Key } }]` (BatchWrite). */
function mapRequestItems(items: unknown, f: (v: unknown) => Doc): Doc | undefined {
  if (!items) return undefined
  const out: Doc = {}
  for (const [table, request] of Object.entries(items as Doc)) {
    out[table] = Array.isArray(request)
      ? request.map((r: Doc) => ({
          ...(r.PutRequest ? { PutRequest: mapFields(r.PutRequest as Doc, ['Item'], f) } : {}),
          ...(r.DeleteRequest ? { DeleteRequest: mapFields(r.DeleteRequest as Doc, ['Key'], f) } : {}),
        }))
      : { ...(request as Doc), Keys: ((request as Doc).Keys as unknown[]).map(f) }
  }
  return out
}

/**
 * DynamoDB's document operations (the ones this product issues, and BatchWrite for the
 * benches' loading; no Scan: nothing may scan the table), over `AwsClient`: native values in, native values out, with the same
 * inputs and outputs as the SDK's DynamoDBDocumentClient.
 */
export class DynamoDocClient extends AwsClient {
  constructor(options: AwsClientOptions) {
    super(
      {
        signingName: 'dynamodb',
        hostPrefix: 'dynamodb',
        protocol: { kind: 'json', version: '1.0', targetPrefix: 'DynamoDB_20120810' },
      },
      options,
    )
  }

  get(input: GetCommandInput): Promise<Out<GetCommandOutput>> {
    return this.run('GetItem', input, marshalFields, (out) => ({
      ...out,
      Item: out.Item ? fromWire(out.Item) : undefined,
    }))
  }

  put(input: PutCommandInput): Promise<Out<PutCommandOutput>> {
    return this.run('PutItem', input, marshalFields, withAttributes)
  }

  update(input: UpdateCommandInput): Promise<Out<UpdateCommandOutput>> {
    return this.run('UpdateItem', input, marshalFields, withAttributes)
  }

  delete(input: DeleteCommandInput): Promise<Out<DeleteCommandOutput>> {
    return this.run('DeleteItem', input, marshalFields, withAttributes)
  }

  query(input: QueryCommandInput): Promise<Out<QueryCommandOutput>> {
    return this.run('Query', input, marshalFields, withPage)
  }

  batchGet(input: BatchGetCommandInput): Promise<Out<BatchGetCommandOutput>> {
    return this.run(
      'BatchGetItem',
      input,
      (i) => ({ ...i, RequestItems: mapRequestItems(i.RequestItems, toWire) }),
      (out) => {
        const responses: Record<string, Doc[]> = {}
        for (const [table, items] of Object.entries((out.Responses ?? {}) as Doc))
          responses[table] = unmarshalList(items) ?? []
        return {
          ...out,
          Responses: responses,
          UnprocessedKeys: mapRequestItems(out.UnprocessedKeys, fromWire),
        }
      },
    )
  }

  batchWrite(input: BatchWriteCommandInput): Promise<Out<BatchWriteCommandOutput>> {
    return this.run(
      'BatchWriteItem',
      input,
      (i) => ({ ...i, RequestItems: mapRequestItems(i.RequestItems, toWire) }),
      (out) => ({ ...out, UnprocessedItems: mapRequestItems(out.UnprocessedItems, fromWire) }),
    )
  }

  /**
   * One transaction. Its idempotency token is made once, before any retry, as the SDK does:
   * a retry of a transaction that did commit then succeeds without applying it twice. A
   * cancellation's reasons are handed back on the error as `CancellationReasons`.
   */
  async transactWrite(input: TransactWriteCommandInput): Promise<Out<TransactWriteCommandOutput>> {
    const marshalItems = (i: Doc) => ({
      ClientRequestToken: randomUUID(),
      ...i,
      TransactItems: ((i.TransactItems ?? []) as Doc[]).map((item) =>
        Object.fromEntries(Object.entries(item).map(([op, body]) => [op, marshalFields(body as Doc)])),
      ),
    })
    try {
      return await this.run('TransactWriteItems', input, marshalItems, (out) => out)
    } catch (e) {
      const reasons = e instanceof AwsError ? (e.details.CancellationReasons as Doc[] | undefined) : undefined
      if (reasons)
        Object.assign(e as object, {
          CancellationReasons: reasons.map((r) => mapFields(r, ['Item'], fromWire)),
        })
      throw e
    }
  }

  /** Interceptors see the native input and output; the wire form is made inside. */
  private async run<I extends object, O>(
    operation: string,
    input: I,
    wireIn: (input: Doc) => Doc,
    nativeOut: (out: Doc) => Doc,
  ): Promise<O> {
    const out = await this.intercept({ operation, input: input as Doc }, async (c) =>
      nativeOut(await this.request({ operation: c.operation, input: wireIn(c.input) })),
    )
    return out as O
  }
}

const withAttributes = (out: Doc) => ({
  ...out,
  Attributes: out.Attributes ? fromWire(out.Attributes) : undefined,
})
const withPage = (out: Doc) => ({
  ...out,
  Items: unmarshalList(out.Items),
  LastEvaluatedKey: out.LastEvaluatedKey ? fromWire(out.LastEvaluatedKey) : undefined,
})
