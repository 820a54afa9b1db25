"""Printed documents: layouts as data (``layouts/*.toml``), laid out for 58 or 80 mm paper."""

from kiosk.receipts.layout import DOCUMENTS, build_receipt, load_layout, sample_data

__all__ = ["DOCUMENTS", "build_receipt", "load_layout", "sample_data"]
