#!/usr/bin/env node
// A participant written from docs/schema.md and docs/protocol.md alone:
// joins the real sync server with an invite code, creates its response
// document, writes every record kind of schema §3 (participant and photo
// consent, whole-city and per-stop answers with scores, "don't know", a
// cleared score and comments, a stop visit following a planned stop, a
// photo record with its location, GPS track points), syncs, and uploads the
// photo's shared copy with a resumed upload.
//
//   node participant.mjs --server URL --code CODE [--photo FILE]
//
// Prints one JSON line with the ids the server or chance chose; the values
// written are the constants below, which tests/tests/schema_contract_js.rs
// expects core to read back exactly. The test runs it with
// TZ=America/New_York, so the visit's UTC offset is negative (-240): an
// integer that must be assigned by key to stay an Int (schema.md §1.2).

import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { parseArgs } from "node:util"
import { Device } from "./protocol.mjs"
import {
  addPhoto,
  answer,
  appendTrack,
  createResponseDocument,
  randomRecordId,
  readValue,
  visitStop,
} from "./schema.mjs"
import { sharedJpeg } from "./shared-copy.mjs"

// 2026-05-28T20:26:40Z (in New York, summer time: UTC-4).
const T = 1_780_000_000_000

const { values: args } = parseArgs({
  options: {
    server: { type: "string" },
    code: { type: "string" },
    photo: { type: "string", default: fileURLToPath(new URL("../fixtures/DSCN0010.jpg", import.meta.url)) },
  },
})
if (!args.server || !args.code) {
  console.error("usage: node participant.mjs --server URL --code CODE [--photo FILE]")
  process.exit(2)
}

function check(condition, what) {
  if (!condition) throw new Error(`self-check failed: ${what}`)
}

const device = new Device(args.server)
const me = {
  displayName: "Falcon",
  group: "ngos",
  gender: "woman",
  acceptPhotoTerms: true,
  sharesLocations: true,
}

// protocol §4.3: join, fetch the audit, create the response document.
const joined = await device.join({ code: args.code, display_name: me.displayName, group: me.group, gender: me.gender })
check(joined.role === "participant", "a participant invite")
await device.syncAll()
const audit = device.docs.get(joined.audit_id)
check(audit !== undefined, "the audit arrived")
check(typeof audit.schema === "bigint", "a Uint reads as a BigInt")

let doc = createResponseDocument(audit, joined, me, T)
device.docs.set(joined.response_doc, doc)

// Whole-city answers.
doc = answer(doc, audit, "vision.1", { value: 4, comment: "One-stop shop near the station", now: T + 1000 })
doc = answer(doc, audit, "vision.2", { value: "dont_know", now: T + 2000 })
doc = answer(doc, audit, "vision.3", { value: 2, comment: "Only in Bulgarian", now: T + 2500 })
doc = answer(doc, audit, "vision.3", { value: null, now: T + 3000 }) // cleared; the comment stays
doc = answer(doc, audit, "participation.1", {
  value: 5,
  comment: "Съвет на мигрантите – مجلس المهاجرين, \"weekly\", 2 rooms",
  now: T + 4000,
})
doc = answer(doc, audit, "attitudes.5", { value: 1, now: T + 5000 })

// A stop visit following the planned stop the facilitator added.
const [plannedStop] = Object.keys(audit.planned_stops)
check(plannedStop !== undefined, "the audit has a planned stop")
const stopId = randomRecordId()
doc = visitStop(doc, audit, stopId, {
  plannedStop,
  nameOfArea: "Kapana",
  specificLocation: "Corner of Zhelezarska",
  visitedAt: T + 10_000,
  location: { lat: 42.1497, lon: 24.7496, accuracy: 12, source: "device" },
})
doc = answer(doc, audit, "environment.1", {
  stopId,
  value: 2,
  comment: "Street lights out on the east side",
  now: T + 11_000,
})
doc = answer(doc, audit, "environment.10", { stopId, value: "dont_know", now: T + 12_000 })
doc = answer(doc, audit, "environment.3", { stopId, value: 3, now: T + 13_000 })

// A GPS track, whole coordinates included (they must stay F64).
doc = appendTrack(doc, [
  { lat: 42.15, lon: 24.77, at: T + 9000 },
  { lat: 42.1512, lon: 24.7741, at: T + 9500 },
  { lat: 42, lon: 25, at: T + 9900 },
])

// A photo: its shared copy, then the record.
const shared = sharedJpeg(new Uint8Array(readFileSync(args.photo)))
const added = await addPhoto(doc, audit, shared, {
  title: "Welcome desk",
  caption: "Signs in four languages at the district office",
  theme: "friendly",
  consent: true,
  location: { lat: 42, lon: 24.75, accuracy: null, source: "manual" },
  takenAt: T + 14_000,
  stop: stopId,
  addedAt: T + 15_000,
})
doc = added.doc
device.docs.set(joined.response_doc, doc)

// The document reads back as written (schema §8.1 readValue).
check(readValue(doc.answers["vision.1"].value).score === 4, "vision.1 reads as 4")
check(readValue(doc.answers["vision.2"].value).kind === "dont_know", "vision.2 reads as don't know")
check(readValue(doc.answers["vision.3"].value).kind === "unanswered", "vision.3 reads as cleared")
check(readValue(doc.stop_answers[stopId]["environment.1"].value).score === 2, "environment.1 reads as 2")
check(typeof doc.photos[added.hash].size === "bigint", "the photo size is a Uint")
check(typeof doc.photos[added.hash].location.lat === "number", "lat is a number")
check(!("value" in Object(doc.photos[added.hash].location.lat)), "lat is not a {value} map")

const syncRequests = await device.syncAll()

// protocol §5: an upload interrupted after its first chunk, a stale chunk
// answered 409 with the server's offset, then the resumed upload.
const chunk = 16 * 1024
check(shared.length > 2 * chunk, "the photo spans several chunks")
const first = await device.putChunk(added.hash, shared, 0, chunk)
check(first.ok && (await first.json()).offset === chunk, "the first chunk is stored")
const stale = await device.putChunk(added.hash, shared, 0, chunk)
check(stale.status === 409, `a stale chunk is answered 409, not ${stale.status}`)
check(Number(stale.headers.get("Upload-Offset")) === chunk, "409 names the server's offset")
await stale.body?.cancel()
const missing = await device.uploadAll([{ hash: added.hash, bytes: shared }], chunk)
check(missing.length === 1, "the photo was still missing")
const again = await device.uploadAll([{ hash: added.hash, bytes: shared }], chunk)
check(again.length === 0, "a complete photo is never sent twice")

console.log(
  JSON.stringify({
    audit_id: joined.audit_id,
    participant_id: joined.participant_id,
    response_doc: joined.response_doc,
    planned_stop: plannedStop,
    stop_id: stopId,
    photo_hash: added.hash,
    photo_size: shared.length,
    resumed_from: missing[0].offset,
    sync_requests: syncRequests,
  }),
)
