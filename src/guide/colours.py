"""The guide's colours, as overrides/assets/stylesheets/guide.css sets them, for what the build draws."""

PRIMARY = "#1a4f8b"  # --md-primary-fg-color
ACCENT = "#b3541e"  # --md-accent-fg-color
WHITE = "#ffffff"
