// The shared copy of a JPEG (docs/schema.md §3.5), rebuilt from an
// allow-list exactly as cityaudit does (core/src/media/jpeg.rs): start of
// image, the primary picture's frame, its tables (DQT, DHT, DAC, DNL, DRI,
// Adobe's colour transform) and scans byte for byte, end of image. Nothing
// else: no EXIF, XMP, ICC profile, comment, and nothing after the end marker.
//
// This port handles upright pictures only (no EXIF orientation, or 1). For
// orientation 2-8 cityaudit adds a 34-byte APP1 EXIF block holding only the
// orientation right after the start of image (`orientation_exif` in
// jpeg.rs); a client must do the same for its hash to match.

const isFrame = (k) =>
  (k >= 0xc0 && k <= 0xc3) || (k >= 0xc5 && k <= 0xc7) || (k >= 0xc9 && k <= 0xcb) || (k >= 0xcd && k <= 0xcf)
const isTable = (k) => k === 0xc4 || k === 0xcc || k === 0xdb || k === 0xdc || k === 0xdd

function entropyCodedEnd(bytes, from) {
  let at = from
  while (at + 1 < bytes.length) {
    if (bytes[at] === 0xff) {
      const next = bytes[at + 1]
      if (next === 0xff) at += 1
      else if ((next >= 0xd0 && next <= 0xd7) || next <= 0xbf) at += 2
      else return at
    } else at += 1
  }
  return bytes.length
}

function adobeSegment(segment) {
  const payload = segment.subarray(4)
  if (payload.length < 12 || Buffer.from(payload.subarray(0, 5)).toString("latin1") !== "Adobe") return null
  const adobe = new Uint8Array(16)
  adobe.set([0xff, 0xee, 0x00, 14])
  adobe.set(Buffer.from("Adobe", "latin1"), 4)
  adobe.set([0, 100], 9)
  adobe[15] = payload[11]
  return adobe
}

export function sharedJpeg(bytes) {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) throw new Error("not a JPEG")
  const out = [Uint8Array.of(0xff, 0xd8)]
  let at = 2
  let frame = false
  let scans = 0
  for (;;) {
    while (bytes[at] === 0xff && bytes[at + 1] === 0xff) at += 1
    if (at + 1 >= bytes.length) {
      if (scans > 0) break
      throw new Error("the JPEG ends before the picture")
    }
    const [mark, kind] = [bytes[at], bytes[at + 1]]
    if (mark !== 0xff) throw new Error("a segment does not start with a marker")
    if (kind === 0xd9) break
    if (kind === 0x01 || (kind >= 0xd0 && kind <= 0xd7)) {
      at += 2
      continue
    }
    const length = (bytes[at + 2] << 8) | bytes[at + 3]
    const end = at + 2 + length
    if (length < 2 || end > bytes.length) throw new Error("a segment is longer than the file")
    const segment = bytes.subarray(at, end)
    at = end
    if (isFrame(kind)) {
      if (frame) break // a second frame is another picture
      frame = true
      out.push(segment)
    } else if (isTable(kind)) {
      out.push(segment)
    } else if (kind === 0xee) {
      const adobe = adobeSegment(segment)
      if (adobe) out.push(adobe)
    } else if (kind === 0xda) {
      if (!frame) throw new Error("a scan comes before the frame")
      const dataEnd = entropyCodedEnd(bytes, at)
      out.push(segment, bytes.subarray(at, dataEnd))
      at = dataEnd
      scans += 1
    }
    // Anything else (APPn, COM, JPGn, …) stays behind.
  }
  if (scans === 0) throw new Error("no picture data")
  out.push(Uint8Array.of(0xff, 0xd9))
  return new Uint8Array(Buffer.concat(out))
}
