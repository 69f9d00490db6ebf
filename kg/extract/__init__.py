"""Extraction: clean text to sentences, regions, plans, initiatives and targets, with evidence."""
