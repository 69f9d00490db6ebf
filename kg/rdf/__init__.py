"""The graph: the vocabulary, facts to triples, stores, readers, writers and exports."""
