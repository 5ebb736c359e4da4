// The client algorithm of docs/protocol.md §4 and §5, runnable: join, the
// batched sync loop and resumable photo uploads. Documents and sync states
// live in memory here; a real client persists them (§4.2).

import * as A from "@automerge/automerge"

// §4.1 Helpers

export const toBase64 = (bytes) => Buffer.from(bytes).toString("base64")
export const fromBase64 = (text) => new Uint8Array(Buffer.from(text, "base64"))

export async function call(server, token, method, path, body) {
  const headers = { "Content-Type": "application/json" }
  if (token) headers.Authorization = `Bearer ${token}`
  const res = await fetch(server + path, { method, headers, body: JSON.stringify(body) })
  if (!res.ok) {
    const err = await res.json().catch(() => ({ error: "http", message: res.statusText }))
    throw Object.assign(new Error(`${method} ${path}: ${res.status} ${err.message}`), {
      status: res.status,
      code: err.error,
    })
  }
  return res.status === 204 ? null : res.json()
}

// §4.2 Local state, §4.4 the sync loop

export class Device {
  constructor(server) {
    this.server = server
    this.token = null
    this.docs = new Map() // docId -> A.Doc
    this.states = new Map() // docId -> A.SyncState
    this.pending = new Map() // documents heard of but still empty
  }

  // §4.3 Join
  async join(request) {
    const joined = await call(this.server, null, "POST", "/v1/join", request)
    this.token = joined.token
    return joined
  }

  // Returns the number of requests sent.
  async syncAll() {
    for (let round = 0; round < 12; round++) {
      const documents = []
      for (const [docId, doc] of this.docs) {
        const [state, message] = A.generateSyncMessage(doc, this.states.get(docId) ?? A.initSyncState())
        this.states.set(docId, state)
        documents.push({ doc_id: docId, message: message ? toBase64(message) : null })
      }
      if (round > 0 && documents.every((d) => d.message === null)) return round
      const reply = await call(this.server, this.token, "POST", "/v1/sync", { documents })
      for (const { doc_id, message } of reply.documents) {
        if (message === null) continue
        let doc = this.docs.get(doc_id) ?? this.pending.get(doc_id) ?? A.init()
        let state = this.states.get(doc_id) ?? A.initSyncState()
        ;[doc, state] = A.receiveSyncMessage(doc, state, fromBase64(message))
        this.states.set(doc_id, state)
        if (A.getHeads(doc).length > 0) {
          this.docs.set(doc_id, doc)
          this.pending.delete(doc_id)
        } else {
          this.pending.set(doc_id, doc)
        }
      }
    }
    throw new Error("12 sync rounds without settling")
  }

  // One chunk: PUT /v1/blobs/{hash} with Content-Range.
  async putChunk(hash, bytes, offset, end) {
    return fetch(`${this.server}/v1/blobs/${hash}`, {
      method: "PUT",
      headers: {
        Authorization: `Bearer ${this.token}`,
        "Content-Type": "application/octet-stream",
        "Content-Range": `bytes ${offset}-${end - 1}/${bytes.length}`,
      },
      body: bytes.subarray(offset, end),
    })
  }

  // §5 Uploading photos with resume. queue: [{ hash, bytes }]. Returns the
  // offsets the server reported in /v1/blobs/missing (where each resumed).
  async uploadAll(queue, chunkSize = 4 * 1024 * 1024) {
    const { missing } = await call(this.server, this.token, "POST", "/v1/blobs/missing", {
      hashes: queue.map((q) => q.hash),
    })
    for (const { hash, offset: start } of missing) {
      const bytes = queue.find((q) => q.hash === hash).bytes
      let offset = start
      while (true) {
        const end = Math.min(offset + chunkSize, bytes.length) // <= MAX_BLOB_CHUNK
        const res = await this.putChunk(hash, bytes, offset, end)
        if (res.status === 409) {
          // the server holds a different amount
          offset = Number(res.headers.get("Upload-Offset"))
          continue
        }
        if (!res.ok) throw new Error((await res.json()).message)
        const answer = await res.json()
        offset = answer.offset // remember it durably to resume
        if (answer.complete) break
      }
    }
    return missing
  }
}
