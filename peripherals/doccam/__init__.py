"""Document camera (高拍仪)."""
