"""Service guides (办事指南): the model of one item's guide and what is printed from it."""
