"""hpkg: a knowledge graph of Chinese health-policy work plans."""
__version__ = "0.1.0"
