//! Mapbox Vector Tile decoding (to come).
