// The JavaScript snippets of docs/schema.md §8, runnable. Every function
// here appears in the document as it is written here; the Rust test
// tests/tests/schema_contract_js.rs checks that cityaudit reads exactly what
// they write. Change both together.
//
// The one rule behind most of the code: with @automerge/automerge 3.x, a
// number keeps the type the schema needs only when it is assigned to a key
// of a map that already exists in the document (`map.key = new A.Uint(3)`,
// `map.at = 0`). Inside an object literal, or pushed onto a list, a wrapper
// (`new A.Uint`, `new A.Float64`, `new A.Int`) is stored as a map
// `{ value: n }` (from 3.2.6 on), and a plain 0 or negative integer as an
// F64 (only positive integers become an Int there). Records are therefore
// created as literals holding only strings, booleans, null and maps, and
// every number is assigned by key afterwards, in the same change.

import * as A from "@automerge/automerge"

// §8.1 Helpers

export const str = (s) => new A.ImmutableString(s) // scalar string
export const chars = (s) => [...s].length // length as Rust counts it

// A new record id (stop visits, planned stops): base58 (Bitcoin alphabet) of
// 10 random bytes, e.g. "344p41a9Pj1XP7".
const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
export function randomRecordId() {
  const bytes = crypto.getRandomValues(new Uint8Array(10))
  let n = bytes.reduce((acc, b) => acc * 256n + BigInt(b), 0n)
  let out = ""
  while (n > 0n) {
    out = BASE58[Number(n % 58n)] + out
    n /= 58n
  }
  for (const b of bytes) {
    if (b !== 0) break
    out = "1" + out
  }
  return out
}

// Find an item and its section in the audit's checklist snapshot.
export function findItem(audit, itemId) {
  for (const section of audit.checklist?.sections ?? []) {
    for (const item of section.items) {
      if (String(item.id) === itemId) return { section, item }
    }
  }
  return null
}

// Read an answer value the way cityaudit does. A Uint (what cityaudit and
// `new A.Uint` write) reads as a BigInt, an Int or F64 as a number.
export function readValue(v) {
  if (v === null || v === undefined) return { kind: "unanswered" }
  if (typeof v === "bigint" || typeof v === "number") {
    const n = Number(v)
    return Number.isInteger(n) && n >= 1 && n <= 5 ? { kind: "score", score: n } : { kind: "invalid" }
  }
  if (A.isImmutableString(v) && v.val === "dont_know") return { kind: "dont_know" }
  return { kind: "invalid" } // includes a Text "dont_know", booleans, maps …
}

// Writes a location map (§3.6) under `parent[key]`: the map first, then its
// F64 fields by key. `loc`: { lat, lon, accuracy (metres or null), source }.
export function putLocation(parent, key, loc) {
  if (!loc) {
    parent[key] = null
    return
  }
  parent[key] = { accuracy_m: null, source: str(loc.source) }
  const m = parent[key]
  m.lat = new A.Float64(loc.lat)
  m.lon = new A.Float64(loc.lon)
  if (loc.accuracy != null) m.accuracy_m = new A.Float64(loc.accuracy)
}

// Writes a blank answer (§3.3) under `answers[itemId]`: "" becomes a Text
// object; `updated_at` is assigned by key so that 0 is an Int.
export function putBlankAnswer(answers, itemId) {
  answers[itemId] = { value: null, comment: "" }
  answers[itemId].updated_at = 0
}

// §8.2 Create the response document (§3), in one change

// joined: the answer of POST /v1/join; me: { displayName, group, gender,
// acceptPhotoTerms, sharesLocations }.
export function createResponseDocument(audit, joined, me, now = Date.now()) {
  return A.change(A.init(), (d) => {
    d.schema = new A.Uint(2)
    d.kind = str("response")
    d.audit_id = str(joined.audit_id)
    d.participant = {
      id: str(joined.participant_id),
      display_name: str(me.displayName.trim()),
      group: str(me.group),
      gender: me.gender ? str(me.gender) : null,
      photo_consent: null,
    }
    d.participant.joined_at = now // Int
    if (audit.photovoice && me.acceptPhotoTerms) {
      d.participant.photo_consent = { shares_locations: me.sharesLocations === true }
      const consent = d.participant.photo_consent
      // The audit's version is a Uint, read as a BigInt: Number() it first.
      consent.terms_version = new A.Uint(Number(audit.photovoice.version))
      consent.accepted_at = now // Int
    }
    d.answers = {}
    for (const section of audit.checklist?.sections ?? []) {
      if (section.per_stop) continue
      for (const item of section.items) putBlankAnswer(d.answers, String(item.id))
    }
    d.stops = {}
    d.stop_answers = {}
    d.photos = {}
    d.track = []
  })
}

// §8.3 Answer an item (score and comment)

// value: 1..5, "dont_know", null (clear) or undefined (leave as is)
// comment: new full comment text, or undefined (leave as is)
// stopId: undefined for a whole-city item, the visit's id for a per-stop one
export function answer(doc, audit, itemId, { value, comment, stopId, now = Date.now() }) {
  const found = findItem(audit, itemId)
  if (!found) throw new Error(`the checklist has no statement ${itemId}`)
  if (found.section.per_stop !== (stopId !== undefined))
    throw new Error(`${itemId} is ${found.section.per_stop ? "" : "not "}answered per stop`)
  if (typeof value === "number" && !(Number.isInteger(value) && value >= 1 && value <= 5))
    throw new Error(`score ${value} is not allowed`)
  if (comment !== undefined && chars(comment) > 4000) throw new Error("comment too long")
  if (stopId !== undefined && doc.stop_answers[stopId] === undefined) throw new Error(`no stop ${stopId}`)

  const path = stopId === undefined ? ["answers", itemId] : ["stop_answers", stopId, itemId]
  return A.change(doc, (d) => {
    const answers = stopId === undefined ? d.answers : d.stop_answers[stopId]
    // Only if missing: cityaudit pre-creates every answer.
    if (answers[itemId] === undefined) putBlankAnswer(answers, itemId)
    const a = answers[itemId] // edit fields, never replace `a`
    if (value === "dont_know") a.value = str("dont_know")
    else if (value === null) a.value = null
    else if (value !== undefined) a.value = new A.Uint(value) // by key: stays a Uint
    if (comment !== undefined) A.updateText(d, [...path, "comment"], comment)
    a.updated_at = now // Int
  })
}

// Concurrent scores from two devices: the loser is still visible with
// A.getConflicts(doc.answers["vision.1"], "value") (undefined if none).

// §8.4 Record a stop visit

// Validate first (§5): name_of_area, planned stop known, location in range.
export function visitStop(doc, audit, stopId /* new random record id */, visit) {
  if (!visit.nameOfArea.trim() || chars(visit.nameOfArea) > 200) throw new Error("name of area")
  if (visit.plannedStop && audit.planned_stops[visit.plannedStop] === undefined)
    throw new Error(`no planned stop ${visit.plannedStop}`)
  const perStopItems = (audit.checklist?.sections ?? [])
    .filter((s) => s.per_stop)
    .flatMap((s) => s.items.map((i) => String(i.id)))
  return A.change(doc, (d) => {
    d.stops[stopId] = {
      planned_stop: visit.plannedStop ? str(visit.plannedStop) : null,
      name_of_area: str(visit.nameOfArea),
      specific_location: str(visit.specificLocation ?? ""),
    }
    const v = d.stops[stopId] // numbers by key: Int, even when 0 or negative
    v.visited_at = visit.visitedAt // integral ms
    v.utc_offset_min = -new Date(visit.visitedAt).getTimezoneOffset() // west of UTC: negative
    putLocation(v, "location", visit.location)
    d.stop_answers[stopId] = {} // same change as the visit
    for (const id of perStopItems) putBlankAnswer(d.stop_answers[stopId], id)
  })
}

// §8.5 Add a photo record

export async function sha256Hex(bytes) {
  const digest = await crypto.subtle.digest("SHA-256", bytes)
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("")
}

// sharedBytes: the shared copy (§3.5, shared-copy.mjs) that is uploaded as the blob.
export async function addPhoto(doc, audit, sharedBytes, p) {
  if (!audit.photovoice) throw new Error("this audit has no photovoice")
  if (!doc.participant.photo_consent || p.consent !== true)
    throw new Error("the photovoice usage terms must be accepted before adding photos")
  if (!audit.photovoice.themes.some((t) => String(t.id) === p.theme))
    throw new Error(`photovoice has no theme ${p.theme}`)
  if (!p.title.trim() || chars(p.title) > 200 || chars(p.caption) > 4000)
    throw new Error("title or caption length")
  if (p.stop && doc.stop_answers[p.stop] === undefined) throw new Error(`no stop ${p.stop}`)

  const hash = await sha256Hex(sharedBytes)
  const doc2 = A.change(doc, (d) => {
    if (d.photos[hash] !== undefined) return // already recorded
    d.photos[hash] = {
      title: str(p.title),
      caption: str(p.caption),
      theme: str(p.theme),
      taken_at: null,
      stop: p.stop ? str(p.stop) : null,
      media_type: str("image/jpeg"),
      consent: true,
    }
    const photo = d.photos[hash] // numbers by key
    photo.size = new A.Uint(sharedBytes.byteLength) // Uint
    photo.added_at = p.addedAt ?? Date.now() // Int
    if (p.takenAt != null) photo.taken_at = Math.round(p.takenAt) // Int
    // "exif" | "device" | "manual"; null when the location is not shared.
    putLocation(photo, "location", p.location)
  })
  return { doc: doc2, hash }
}

// §8.6 Append GPS track points

// points: [{ lat, lon, at }] in time order.
export function appendTrack(doc, points) {
  return A.change(doc, (d) => {
    for (const { lat, lon, at } of points) {
      d.track.push({}) // the map first …
      const point = d.track[d.track.length - 1]
      point.lat = new A.Float64(lat) // … then every number by key
      point.lon = new A.Float64(lon)
      point.at = at // Int
    }
  })
}
