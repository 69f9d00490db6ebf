"""The README's "Running at scale" commands run as written (on free loopback ports)."""
import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, SEEDS

pytest.importorskip("dask.distributed", reason="needs the [distributed] extra (scripts/test.sh installs it)")
BIN = Path(sys.executable).parent
PORTS = ("7878", "7879", "8786")


def _section_blocks() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Running at scale\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)```", section, flags=re.S)


def _free_port() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return str(s.getsockname()[1])


def _run(block: str, cwd: Path, index: int) -> str:
    """Run a block in bash, in its own process group: the servers it starts in the background are stopped after.

    Output goes to files, not pipes, which the background servers would hold open.
    """
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    out, err = cwd / f"block-{index}.out", cwd / f"block-{index}.err"
    with open(out, "w") as stdout, open(err, "w") as stderr:
        proc = subprocess.Popen(["bash", "-ec", block], cwd=cwd, env=env, stdout=stdout, stderr=stderr,
                                start_new_session=True)
    try:
        proc.wait(timeout=90)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    assert proc.returncode == 0, f"{block}\n{err.read_text()[-2000:]}"
    return out.read_text()


def test_the_running_at_scale_commands_run_as_written(seeds_build, seeds_graph, tmp_path):
    if not (BIN / "oxigraph").exists():
        pytest.skip("needs the oxigraph server (the [distributed] extra)")
    blocks = _section_blocks()
    assert "pip install" in blocks[0]           # the set-up line: scripts/test.sh has installed the same extras
    ports = {port: _free_port() for port in PORTS}
    (tmp_path / "seeds").symlink_to(SEEDS)
    outputs = []
    for index, block in enumerate(blocks[1:]):
        for port, free in ports.items():
            block = block.replace(port, free)
        outputs.append(_run(block, tmp_path, index))
        if "kg build" in block:
            assert (tmp_path / "out" / "kg.ttl").read_bytes() == (seeds_build / "kg.ttl").read_bytes()
    local, cluster, bulk, push = outputs
    n = len(seeds_graph)
    assert local.startswith("5 documents: ") and cluster.startswith("5 documents: ")
    assert f"wrote {n} triples in 4 files" in bulk and re.search(rf"^{n}\s*$", bulk, flags=re.M), bulk
    assert f"pushed {n} triples into 6 named graphs" in push and "(6 rows)" in push
