#!/bin/sh
# Draws the browser app's icons (public/icons/) with ImageMagick: a white tick
# in a ring on the app's theme colour. Run again only to change them; the
# PNGs are committed so a build needs no ImageMagick.
#   icon-192.png, icon-512.png   rounded square, for "any"
#   icon-maskable-512.png        full bleed, the drawing inside the central 80 %
set -eu
cd "$(dirname "$0")/public/icons"
THEME="#0b3d5c"
CONVERT=${CONVERT:-convert} # ImageMagick 6 (Debian: apt-get install imagemagick)

draw() { # size, corner radius, drawing scale, output
  size=$1 radius=$2 scale=$3 out=$4
  half=$((size / 2))
  ring=$(awk "BEGIN { print int($size * 0.34 * $scale) }")
  stroke=$(awk "BEGIN { print int($size * 0.06 * $scale) }")
  tick=$(awk -v s="$size" -v k="$scale" -v h="$half" 'BEGIN {
    printf "%d,%d %d,%d %d,%d", h - 0.17*s*k, h + 0.01*s*k, h - 0.05*s*k, h + 0.13*s*k, h + 0.19*s*k, h - 0.13*s*k }')
  shape="roundrectangle 0,0 $((size - 1)),$((size - 1)) $radius,$radius"
  [ "$radius" -gt 0 ] || shape="rectangle 0,0 $((size - 1)),$((size - 1))"
  "$CONVERT" -size "${size}x${size}" xc:none \
    -fill "$THEME" -draw "$shape" \
    -fill none -stroke white -strokewidth "$stroke" \
    -draw "circle $half,$half $((half + ring)),$half" \
    -draw "stroke-linecap round stroke-linejoin round polyline $tick" \
    -depth 8 -strip -define png:compression-level=9 -define png:color-type=6 "$out"
}

draw 192 36 1 icon-192.png
draw 512 96 1 icon-512.png
draw 512 0 0.8 icon-maskable-512.png
