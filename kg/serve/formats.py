"""The formats ``kg export`` writes, by name, with the suffix of the file each writes ("" for csv: a folder
of tables). A light module: the command line lists them without loading the writers
(``kg.serve.export.WRITERS`` has one writer for each)."""

EXPORT_SUFFIXES = {
    "ttl": ".ttl",
    "nt": ".nt",
    "jsonld": ".jsonld",
    "trig": ".trig",
    "graphml": ".graphml",
    "csv": "",
    "xlsx": ".xlsx",
}
