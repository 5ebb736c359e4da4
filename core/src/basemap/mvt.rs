//! A small, bounded Mapbox Vector Tile decoder (protobuf wire format, spec
//! 2.1): layers by name, each feature's geometry type, `kind` property and
//! geometry in tile coordinates. Enough for the report's static map; a
//! hostile tile costs at most work linear in its bytes, which the PMTiles
//! reader already bounds.

/// Most features decoded from one tile; the rest are skipped.
pub const MAX_FEATURES: usize = 50_000;

/// A feature's geometry type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeomType {
    /// Points.
    Point,
    /// Lines.
    Line,
    /// Polygons (rings, outer clockwise in screen coordinates).
    Polygon,
    /// Unknown or absent.
    Unknown,
}

/// One decoded feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    /// Its geometry type.
    pub geom_type: GeomType,
    /// Its `kind` property, when it has a text one.
    pub kind: Option<String>,
    /// Parts (lines, rings, or single points), in tile coordinates.
    pub parts: Vec<Vec<(i32, i32)>>,
}

/// One decoded layer.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    /// Its name (`roads`, `water`, …).
    pub name: String,
    /// Tile coordinates span 0..extent.
    pub extent: u32,
    /// Its features.
    pub features: Vec<Feature>,
}

/// Why a tile could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the vector tile is damaged: {0}")]
pub struct MvtError(&'static str);

/// Protobuf fields of one message.
struct Fields<'a> {
    bytes: &'a [u8],
    at: usize,
}

enum Field<'a> {
    Varint(u64),
    Bytes(&'a [u8]),
    Other,
}

impl<'a> Fields<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Fields { bytes, at: 0 }
    }

    fn varint(&mut self) -> Result<u64, MvtError> {
        let mut value = 0u64;
        for shift in (0..64).step_by(7) {
            let byte = *self
                .bytes
                .get(self.at)
                .ok_or(MvtError("a number ends early"))?;
            self.at += 1;
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Ok(value);
            }
        }
        Err(MvtError("a number is too long"))
    }

    fn skip(&mut self, n: usize) -> Result<&'a [u8], MvtError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(MvtError("a field ends past the tile"))?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// The next field's number and value, or None at the end.
    fn next(&mut self) -> Result<Option<(u64, Field<'a>)>, MvtError> {
        if self.at >= self.bytes.len() {
            return Ok(None);
        }
        let key = self.varint()?;
        let value = match key & 7 {
            0 => Field::Varint(self.varint()?),
            1 => {
                self.skip(8)?;
                Field::Other
            }
            2 => {
                let len = usize::try_from(self.varint()?).map_err(|_| MvtError("a length"))?;
                Field::Bytes(self.skip(len)?)
            }
            5 => {
                self.skip(4)?;
                Field::Other
            }
            _ => return Err(MvtError("an unknown wire type")),
        };
        Ok(Some((key >> 3, value)))
    }
}

fn packed(bytes: &[u8]) -> Result<Vec<u32>, MvtError> {
    let mut fields = Fields::new(bytes);
    let mut out = Vec::with_capacity(bytes.len());
    while fields.at < bytes.len() {
        out.push(fields.varint()? as u32);
    }
    Ok(out)
}

/// Decodes the layers of a tile whose names `wanted` accepts.
pub fn decode(tile: &[u8], wanted: impl Fn(&str) -> bool) -> Result<Vec<Layer>, MvtError> {
    let mut layers = Vec::new();
    let mut budget = MAX_FEATURES;
    let mut fields = Fields::new(tile);
    while let Some((number, value)) = fields.next()? {
        if let (3, Field::Bytes(bytes)) = (number, value) {
            if let Some(layer) = decode_layer(bytes, &wanted, &mut budget)? {
                layers.push(layer);
            }
        }
    }
    Ok(layers)
}

/// A layer's raw features, before the keys and values they index are known.
struct RawFeature<'a> {
    geom_type: GeomType,
    tags: Vec<u32>,
    geometry: &'a [u8],
}

fn decode_layer(
    bytes: &[u8],
    wanted: &impl Fn(&str) -> bool,
    budget: &mut usize,
) -> Result<Option<Layer>, MvtError> {
    let mut name = None;
    let mut extent = 4096;
    let mut keys = Vec::new();
    let mut values: Vec<Option<String>> = Vec::new();
    let mut raw = Vec::new();
    let mut fields = Fields::new(bytes);
    while let Some((number, value)) = fields.next()? {
        match (number, value) {
            (1, Field::Bytes(b)) => name = Some(String::from_utf8_lossy(b).into_owned()),
            (2, Field::Bytes(b)) => raw.push(b),
            (3, Field::Bytes(b)) => keys.push(String::from_utf8_lossy(b).into_owned()),
            (4, Field::Bytes(b)) => values.push(string_value(b)?),
            (5, Field::Varint(v)) => extent = u32::try_from(v).unwrap_or(4096).max(1),
            _ => {}
        }
    }
    let Some(name) = name.filter(|n| wanted(n)) else {
        return Ok(None);
    };
    let kind_key = keys.iter().position(|k| k == "kind");
    let mut features = Vec::new();
    for bytes in raw {
        if *budget == 0 {
            break;
        }
        *budget -= 1;
        let feature = raw_feature(bytes)?;
        let kind = feature
            .tags
            .chunks_exact(2)
            .find(|pair| Some(pair[0] as usize) == kind_key)
            .and_then(|pair| values.get(pair[1] as usize).cloned().flatten());
        features.push(Feature {
            geom_type: feature.geom_type,
            kind,
            parts: geometry(feature.geometry, feature.geom_type)?,
        });
    }
    Ok(Some(Layer {
        name,
        extent,
        features,
    }))
}

fn string_value(bytes: &[u8]) -> Result<Option<String>, MvtError> {
    let mut fields = Fields::new(bytes);
    while let Some((number, value)) = fields.next()? {
        if let (1, Field::Bytes(b)) = (number, value) {
            return Ok(Some(String::from_utf8_lossy(b).into_owned()));
        }
    }
    Ok(None)
}

fn raw_feature(bytes: &[u8]) -> Result<RawFeature<'_>, MvtError> {
    let mut feature = RawFeature {
        geom_type: GeomType::Unknown,
        tags: Vec::new(),
        geometry: &[],
    };
    let mut fields = Fields::new(bytes);
    while let Some((number, value)) = fields.next()? {
        match (number, value) {
            (2, Field::Bytes(b)) => feature.tags = packed(b)?,
            (3, Field::Varint(v)) => {
                feature.geom_type = match v {
                    1 => GeomType::Point,
                    2 => GeomType::Line,
                    3 => GeomType::Polygon,
                    _ => GeomType::Unknown,
                }
            }
            (4, Field::Bytes(b)) => feature.geometry = b,
            _ => {}
        }
    }
    Ok(feature)
}

fn zigzag(v: u32) -> i32 {
    ((v >> 1) as i32) ^ -((v & 1) as i32)
}

/// Decodes the command stream (MoveTo, LineTo, ClosePath) into parts.
fn geometry(bytes: &[u8], geom_type: GeomType) -> Result<Vec<Vec<(i32, i32)>>, MvtError> {
    let ints = packed(bytes)?;
    let mut parts: Vec<Vec<(i32, i32)>> = Vec::new();
    let (mut x, mut y) = (0i32, 0i32);
    let mut at = 0;
    while at < ints.len() {
        let command = ints[at];
        at += 1;
        let (id, count) = (command & 7, (command >> 3) as usize);
        match id {
            1 | 2 => {
                let needed = count.checked_mul(2).ok_or(MvtError("a command count"))?;
                let params = ints
                    .get(at..at + needed)
                    .ok_or(MvtError("a command lacks its coordinates"))?;
                at += needed;
                for pair in params.chunks_exact(2) {
                    x = x.wrapping_add(zigzag(pair[0]));
                    y = y.wrapping_add(zigzag(pair[1]));
                    if id == 1 && (geom_type != GeomType::Point || parts.is_empty()) {
                        parts.push(Vec::new());
                    }
                    if let Some(part) = parts.last_mut() {
                        part.push((x, y));
                    }
                }
            }
            7 => {
                if let Some(first) = parts.last().and_then(|p| p.first().copied()) {
                    if let Some(part) = parts.last_mut() {
                        part.push(first);
                    }
                }
            }
            _ => return Err(MvtError("an unknown geometry command")),
        }
    }
    Ok(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::basemap::PmTiles;
    use proptest::prelude::*;

    #[test]
    fn the_fixture_tiles_hold_roads_water_parks_and_buildings() {
        let bytes = crate::basemap::pmtiles::tests::fixture();
        let package = PmTiles::open(bytes.as_slice()).expect("open");
        let tile = package.tile(14, 9253, 6039).expect("read").expect("tile");
        let layers = decode(&tile, |_| true).expect("decode");
        let layer = |name: &str| layers.iter().find(|l| l.name == name).expect(name);
        let roads = layer("roads");
        assert_eq!(roads.extent, 4096);
        assert!(roads
            .features
            .iter()
            .all(|f| f.geom_type == GeomType::Line && !f.parts.is_empty()));
        assert!(roads
            .features
            .iter()
            .any(|f| f.kind.as_deref() == Some("major_road")));
        assert!(roads
            .features
            .iter()
            .any(|f| f.kind.as_deref() == Some("minor_road")));
        let buildings = layer("buildings");
        let ring = &buildings.features[0].parts[0];
        assert_eq!(buildings.features[0].geom_type, GeomType::Polygon);
        assert_eq!(ring.first(), ring.last(), "rings are closed");
        assert_eq!(layer("water").features.len(), 1);
        let only_roads = decode(&tile, |n| n == "roads").expect("decode");
        assert_eq!(only_roads.len(), 1);
    }

    #[test]
    fn damaged_tiles_are_refused() {
        assert!(
            decode(&[0x1a, 0x05, 0x0a], |_| true).is_err(),
            "short layer"
        );
        assert!(decode(&[0x1f], |_| true).is_err(), "unknown wire type");
        // A layer whose feature's LineTo lacks coordinates.
        let feature = [0x18, 0x02, 0x22, 0x02, 0x12, 0x01];
        let mut layer = vec![0x0a, 0x01, b'r', 0x12, feature.len() as u8];
        layer.extend(feature);
        let mut tile = vec![0x1a, layer.len() as u8];
        tile.extend(layer);
        assert!(decode(&tile, |_| true).is_err());
    }

    proptest! {
        #[test]
        fn arbitrary_tiles_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = decode(&bytes, |_| true);
        }
    }
}
