"""Bilingual policy-comparison site generator: seeds → YAML → validated model → site."""
