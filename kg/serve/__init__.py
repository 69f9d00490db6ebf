"""Using a built graph: SPARQL queries, the endpoint, remote stores and push."""
