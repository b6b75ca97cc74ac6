// Placeholder: replaced by the hotspot map writers (GeoJSON, SVG).
