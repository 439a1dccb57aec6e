"""Segmentation: memo text to header metadata (issuer, reference, date, marking...) and body sections."""

from pipeline.segment.sections import heading_key, segment

__all__ = ["heading_key", "segment"]
