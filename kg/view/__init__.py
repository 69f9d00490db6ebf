"""Showing a built graph: the HTML page and the network analysis behind it."""
