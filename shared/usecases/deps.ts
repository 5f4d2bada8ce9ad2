import type { Store } from '../store/store.ts'

/** What every use case may touch. Built once per cold start by the handler (or the local stack). */
export type Deps = {
  store: Store
  /** Request-path "now". Scheduled handlers pass the event's time instead. */
  now: () => Date
  newId: () => string
}
