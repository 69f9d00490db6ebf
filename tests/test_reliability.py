"""Bad input and faults: one-line errors naming the file, --keep-going, and outputs never half-written."""
import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from conftest import SEEDS
from kg.cli import main
from kg.scratch import remove_dead_scratch

GOOD = "1月17日,安徽省卫生健康工作会议召开。会议强调,2025年全省要新建10个县域医疗卫生次中心。\n"


def run(argv, capsys):
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("name, content, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary file"),
    ("latin.txt", bytes(range(0x80, 0x100)) * 8, "cannot decode"),
    ("broken-utf16.txt", b"\xff\xfe" + "安徽".encode("utf-16-le") + b"\x00\xd8", "not valid utf-16"),
])
def test_a_bad_file_is_a_one_line_error_naming_it(tmp_path, capsys, name, content, message):
    (tmp_path / name).write_bytes(content)
    code, _, err = run(["build", str(tmp_path / name), "--out", str(tmp_path / "out")], capsys)
    assert code != 0
    assert err.count("\n") == 1 and name in err and message in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def _missing(folder: Path) -> Path:
    return folder / "missing.txt"


def _empty_folder(folder: Path) -> Path:
    (folder / "empty-dir").mkdir()
    return folder / "empty-dir"


def _folder_of_pictures(folder: Path) -> Path:
    (folder / "pictures").mkdir()
    (folder / "pictures" / "a.png").write_bytes(b"\x89PNG")
    return folder / "pictures"


@pytest.mark.parametrize("make_input, message", [
    (_missing, "no such file or directory"),
    (_empty_folder, "no documents"),
    (_folder_of_pictures, "no documents"),
])
def test_missing_paths_and_folders_without_text_are_one_line_errors(tmp_path, capsys, make_input, message):
    code, _, err = run(["build", str(make_input(tmp_path)), "--out", str(tmp_path / "out")], capsys)
    assert code != 0 and err.count("\n") == 1 and message in err


def test_keep_going_builds_the_good_files_and_reports_the_skipped_ones(tmp_path, capsys):
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 10)
    code, _, err = run(["build", str(tmp_path), "--out", str(tmp_path / "out")], capsys)
    assert code != 0                                        # without --keep-going the first bad file stops the build
    code, out, err = run(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--keep-going"], capsys)
    assert code == 0 and "1 documents, 2 skipped" in out
    assert "empty.txt: empty file" in err and "binary.txt: binary file" in err
    assert (tmp_path / "out" / "kg.ttl").is_file()


def test_an_unreadable_file_is_a_one_line_error(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="kg-perm-"))
    try:
        os.chmod(folder, 0o1777)              # writable by the build as nobody: only the input is unreadable
        secret = folder / "secret.txt"
        secret.write_text(GOOD, encoding="utf-8")
        os.chmod(secret, 0o000)
        command = [sys.executable, "-m", "kg.cli", "build", str(secret), "--out", str(folder / "out")]
        if os.geteuid() == 0:                    # root reads anything: run the build as nobody
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        done = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=120,
                              env=ENV)
        assert done.returncode != 0
        assert done.stderr.strip() == f"kg build: error: {secret}: permission denied"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_huge_single_line_file_is_read_without_trouble(tmp_path, capsys):
    (tmp_path / "huge.txt").write_text(GOOD.strip() + "卫生健康" * 250_000, encoding="utf-8")
    code, out, _ = run(["build", str(tmp_path / "huge.txt"), "--out", str(tmp_path / "out")], capsys)
    assert code == 0 and "1 plans" in out


def test_a_failed_build_leaves_the_previous_output_exactly_as_it_was(tmp_path, capsys):
    out = tmp_path / "out"
    (tmp_path / "good.txt").write_text(GOOD, encoding="utf-8")
    assert main(["build", str(tmp_path / "good.txt"), "--out", str(out), "--quiet"]) == 0
    before = _files(out)
    (tmp_path / "bad.txt").write_bytes(b"")
    assert main(["build", str(tmp_path), "--out", str(out)]) != 0
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "good.txt", "out"]   # no staging left over


def _bigger_corpus(folder: Path) -> Path:
    """The seeds thirty times over, each copy a little different, so that a build runs several seconds."""
    corpus = folder / "corpus"
    corpus.mkdir()
    for i in range(30):
        for doc in SEEDS.glob("*.txt"):
            (corpus / f"{i}-{doc.name}").write_text(doc.read_text(encoding="utf-8") + f"\n附{i}\n", encoding="utf-8")
    return corpus


ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}


def test_a_build_killed_midway_leaves_the_previous_output_exactly_as_it_was(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
    before = _files(out)
    corpus = _bigger_corpus(tmp_path)
    command = [sys.executable, "-m", "kg.cli", "build", str(corpus), "--quiet"]
    started = time.perf_counter()
    subprocess.run(command + ["--out", str(tmp_path / "timing")], env=ENV, check=True)
    duration = time.perf_counter() - started
    complete = _files(tmp_path / "timing")      # what the build writes whole (a kill after it put it in place)
    for share in (0.2, 0.5, 0.8):               # early, midway and late in a build of this corpus
        proc = subprocess.Popen(command + ["--out", str(out)], env=_own_temporary_folder(tmp_path),
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(share * duration)
        if proc.poll() is not None:
            pytest.fail(f"the build finished before {share * duration:.1f} s, faster than the one timed")
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert _files(out) in (before, complete)   # the old outputs or the new ones, whole: never a mix


def _own_temporary_folder(tmp_path: Path) -> dict[str, str]:
    """The environment of a build that is to be killed: its scratch folders in the test's folder, not /tmp."""
    (tmp_path / "tmp").mkdir(exist_ok=True)
    return {**ENV, "TMPDIR": str(tmp_path / "tmp")}


def test_what_a_killed_build_left_in_the_temporary_folder_goes_with_the_next_build(tmp_path, monkeypatch):
    env = _own_temporary_folder(tmp_path)
    scratch = Path(env["TMPDIR"])
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(_bigger_corpus(tmp_path)), "--quiet",
                             "--out", str(tmp_path / "out")], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    while proc.poll() is None and not any(scratch.glob("hpkg-graph-*/*")):
        time.sleep(0.01)
    time.sleep(0.3)                             # into the reading, the graph's store filling
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    left = [p.name for p in scratch.iterdir()]
    assert left and all(name.startswith(f"hpkg-graph-{proc.pid}-") for name in left)
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    assert main(["build", str(SEEDS), "--out", str(tmp_path / "again"), "--quiet"]) == 0
    assert list(scratch.iterdir()) == []


def test_the_scratch_folder_of_a_process_still_running_is_kept(tmp_path):
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    running = tmp_path / f"hpkg-graph-{os.getpid()}-k2x9"
    dead = tmp_path / f"hpkg-turtle-{finished.pid}-q7w1"
    not_ours = tmp_path / "hpkg-notes"
    for folder in (running, dead, not_ours):
        folder.mkdir()
        (folder / "dump.ttl").write_text("x")
    assert remove_dead_scratch(tmp_path) == [dead]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([running.name, not_ours.name])


def test_a_terminated_build_says_so_and_leaves_no_staging_behind(tmp_path):
    corpus = _bigger_corpus(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--out", str(tmp_path / "out")],
                            env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / ".out.kg-lock"    # taken once the build is under way, its signals handled
    while proc.poll() is None and not lock.exists():
        time.sleep(0.01)
    time.sleep(0.5)                     # into the reading; the build itself runs several seconds
    proc.terminate()
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and err.strip() == "kg build: interrupted"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


def test_a_reader_that_stops_early_gets_no_error(seeds_build):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"          # far more than a pipe holds
    command = f"{sys.executable} -m kg.cli query '{everything}' --data {seeds_build / 'kg.ttl'} --format csv | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True, text=True, env=ENV,
                          timeout=120)
    assert done.stdout.strip() == "s,p,o" and done.stderr == "" and done.returncode == 0


def test_keep_going_with_no_readable_document_is_an_error_not_an_empty_graph(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, _, err = run(["build", str(tmp_path), "--out", str(tmp_path / "out"), "--keep-going"], capsys)
    assert code == 2 and "no readable document" in err and "1 skipped" in err
    assert not (tmp_path / "out").exists()


def test_a_query_that_runs_too_long_is_stopped_with_a_one_line_error(seeds_build, capsys):
    cross_product = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    code, out, err = run(["query", cross_product, "--data", str(seeds_build / "kg.ttl"), "--timeout", "1"], capsys)
    assert code == 2 and out == ""
    assert err == "kg query: error: the query did not finish within 1 s (raise the limit with --timeout)\n"
    assert time.perf_counter() - started < 30


def test_a_malformed_query_gets_the_parser_message_with_line_and_column(seeds_build, capsys):
    code, _, err = run(["query", "SELECT ?x WHERE {\n  ?x ?y }", "--data", str(seeds_build / "kg.ttl")], capsys)
    assert code == 2 and err.count("\n") == 1 and "line:2" in err and "col:" in err


def test_a_document_full_of_markup_shows_as_text_in_the_page(tmp_path, capsys):
    hostile = ("1月17日,安徽省卫生健康工作会议召开<script>window.pwned=3</script>\x07。会议强调,2025年全省要实施“<script>window.pwned=1</script>”工程,"
               "开展\"<img src=x onerror=window.pwned=2>\"行动,实施儿科和精神卫生服务年行动,"
               "新建10个县域医疗卫生次中心</textarea>'\"&amp;。\n")
    (tmp_path / "hostile.txt").write_text(hostile, encoding="utf-8")
    assert main(["build", str(tmp_path / "hostile.txt"), "--out", str(tmp_path / "out"), "--quiet"]) == 0
    page = (tmp_path / "out" / "graph.html").read_text(encoding="utf-8")
    assert "<script>window.pwned" not in page and "<img src=x" not in page and "</textarea>'" not in page
    assert "\x07" not in page
    assert "儿科和精神卫生服务年" in page                       # the facts are there, as text
    from rdflib import Graph
    graph = Graph().parse(tmp_path / "out" / "kg.ttl", format="turtle")     # and the Turtle parses back
    quotes = {str(q) for q in graph.objects(None, graph.namespace_manager.expand_curie("hp:quote"))}
    assert any("<script>window.pwned=3</script>\x07" in q for q in quotes)   # the header's quote, kept exactly


def test_a_build_on_a_terminal_shows_progress_and_quiet_hides_it(tmp_path):
    import fcntl
    import pty
    import struct
    import termios

    def stderr_of(*extra):
        controller, terminal = pty.openpty()            # stderr is a terminal, as in an interactive shell
        fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))   # 100 columns wide
        proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(tmp_path / "out"),
                                 *extra], env=ENV, stdout=subprocess.DEVNULL, stderr=terminal)
        os.close(terminal)
        chunks = []
        while True:                                     # read while it runs: the end of the build closes the terminal
            try:
                chunk = os.read(controller, 65536)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(controller)
        assert proc.wait(timeout=120) == 0
        return b"".join(chunks).decode("utf-8", "replace")

    shown = stderr_of()
    assert "0/5" in shown and "doc/s" in shown and "%|" in shown
    assert stderr_of("--quiet") == ""


# ------------------------------------------------ builds with --store: killed, concurrent, out of room

def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _triples_out_and_store(folder: Path) -> tuple[int, int]:
    import pyoxigraph

    in_out = sum(1 for _ in pyoxigraph.parse(path=str(folder / "out" / "kg.ttl"), format=pyoxigraph.RdfFormat.TURTLE))
    return in_out, len(pyoxigraph.Store.read_only(str(folder / "db")))


def _inode(path: Path) -> int | None:
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def _killed_when(command: list[str], ready, env=ENV) -> bool:
    """Run a build and kill it (SIGKILL) the moment ``ready()`` holds; False if it ended first."""
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not ready():
        time.sleep(0.001)
    killed = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return killed


def test_a_store_build_killed_at_any_moment_leaves_out_and_the_store_both_old_or_both_new(tmp_path):
    site = tmp_path / "site"
    assert main(["build", str(SEEDS), "--out", str(site / "out"), "--store", str(site / "db"), "--quiet"]) == 0
    state = lambda: {"out": _files(site / "out"), "db": _files(site / "db")}      # noqa: E731
    before = state()
    command = [sys.executable, "-m", "kg.cli", "build", str(_bigger_corpus(tmp_path)), "--quiet",
               "--out", str(site / "out"), "--store", str(site / "db")]
    watched = (site / "db", site / "out" / "kg.ttl")
    first = [_inode(p) for p in watched]
    moments = {                                 # from early to late in the build, as seen from outside
        "the store is being filled": lambda: any(site.glob(".db.kg-build-*/CURRENT")),
        "the outputs are being written": lambda: any(site.glob(".out.kg-build-*/*")),
        "the answers are being kept": lambda: any(site.glob(".db.kg-build-*/kg-answers/*")),
        "either folder has just changed": lambda: [_inode(p) for p in watched] != first,
    }
    for moment, ready in moments.items():
        if _killed_when(command, ready, _own_temporary_folder(tmp_path)) and moment != "either folder has just changed":
            assert state() == before, f"killed when {moment}"
        assert main(["query", "documents", "--store", str(site / "db")]) == 0     # the next command to open the store
        in_out, in_store = _triples_out_and_store(site)
        assert in_out == in_store, f"killed when {moment}: out/ and the store are of different builds"
    # what the killed builds left beside the folders goes with the next build
    assert main(["build", str(SEEDS), "--out", str(site / "out"), "--store", str(site / "db"), "--quiet"]) == 0
    assert sorted(p.name for p in site.iterdir()) == ["db", "out"]


KILLED_AT = """
import os, sys
import kg.build
from kg.cli import main

moment, argv = sys.argv[1], sys.argv[2:]
if moment == "the store not yet in place":
    kg.build.swap_in = lambda new, target: os._exit(9)
else:
    def commit(self):
        if moment == "out/ has taken one file":
            os.replace(*self.files[0])
        os._exit(9)
    kg.build.Staged.commit = commit
main(argv)
"""


@pytest.mark.parametrize("moment, left", [
    ("the store not yet in place", "old"),
    ("the store in place, out/ not yet", "new"),
    ("out/ has taken one file", "new"),
])
def test_a_store_build_killed_between_its_two_folders_is_finished_by_the_next_command_to_open_the_store(
        tmp_path, moment, left):
    site, fewer = tmp_path / "site", tmp_path / "fewer"
    fewer.mkdir()
    for doc in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(doc, fewer)
    folders = ["--out", str(site / "out"), "--store", str(site / "db"), "--quiet"]
    assert main(["build", str(SEEDS), *folders]) == 0
    old = {"out": _files(site / "out"), "db": _files(site / "db")}
    killed = subprocess.run([sys.executable, "-c", KILLED_AT, moment, "build", str(fewer), *folders], env=ENV)
    assert killed.returncode == 9
    assert main(["query", "documents", "--store", str(site / "db"), "--format", "csv"]) == 0
    if left == "old":
        assert {"out": _files(site / "out"), "db": _files(site / "db")} == old
    else:
        alone = tmp_path / "alone"
        assert main(["build", str(fewer), "--out", str(alone / "out"), "--store", str(alone / "db"), "--quiet"]) == 0
        assert _files(site / "out") == _files(alone / "out")
        assert _triples_out_and_store(site) == _triples_out_and_store(alone)
    assert main(["build", str(SEEDS), *folders]) == 0        # what the killed build left beside goes with the next
    assert sorted(p.name for p in site.iterdir()) == ["db", "out"]


def test_a_reader_leaves_a_killed_build_s_outputs_to_a_build_still_holding_the_folders(tmp_path, capsys):
    from kg.rdf.store import locked, open_store

    site, fewer = tmp_path / "site", tmp_path / "fewer"
    fewer.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], fewer)
    folders = ["--out", str(site / "out"), "--store", str(site / "db"), "--quiet"]
    assert main(["build", str(SEEDS), *folders]) == 0
    old_out = _files(site / "out")
    assert subprocess.run([sys.executable, "-c", KILLED_AT, "the store in place, out/ not yet", "build", str(fewer),
                           *folders], env=ENV).returncode == 9
    with locked([(site / "out").resolve(), (site / "db").resolve()]):      # as a build still running holds them
        open_store(site / "db")
        assert _files(site / "out") == old_out and capsys.readouterr().err == ""
    open_store(site / "db")
    assert _files(site / "out") != old_out and not (site / ".db.kg-pending").exists()
    assert main(["build", str(fewer), *folders]) == 0         # the next build removes what the killed one left
    assert sorted(p.name for p in site.iterdir()) == ["db", "out"]


def test_a_build_into_folders_another_build_is_writing_refuses_and_the_first_is_whole(tmp_path):
    corpus = _bigger_corpus(tmp_path)
    folders = ["--out", str(tmp_path / "out"), "--store", str(tmp_path / "db")]
    first = subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), "--quiet", *folders], env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lock = tmp_path / ".out.kg-lock"
    while first.poll() is None and not lock.exists():
        time.sleep(0.01)
    for second in (folders, folders[:2] + ["--store", str(tmp_path / "db2")], ["--out", str(tmp_path / "o2")] + folders[2:]):
        done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), *second], env=ENV,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and done.stdout == "" and done.stderr.count("\n") == 1
        assert f"another kg build (pid {first.pid}) is writing it" in done.stderr
    assert first.wait(timeout=300) == 0, first.stderr.read()
    timing = tmp_path / "alone"
    subprocess.run([sys.executable, "-m", "kg.cli", "build", str(corpus), "--quiet", "--out", str(timing / "out"),
                    "--store", str(timing / "db")], env=ENV, check=True)
    assert _triples_out_and_store(tmp_path) == _triples_out_and_store(timing)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alone", "corpus", "db", "out"]


def test_builds_started_together_into_the_same_folders_never_mix_their_outputs(tmp_path):
    small = tmp_path / "small"
    small.mkdir()
    for doc in sorted(SEEDS.glob("*.txt"))[:2]:
        shutil.copy(doc, small)
    folders = ["--out", str(tmp_path / "out"), "--store", str(tmp_path / "db"), "--quiet"]
    for _ in range(3):
        procs = [subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(corpus), *folders], env=ENV,
                                  stderr=subprocess.PIPE, text=True) for corpus in (SEEDS, small)]
        results = [(proc.wait(timeout=300), proc.stderr.read()) for proc in procs]
        assert any(code == 0 for code, _ in results)
        assert all(code == 0 or (code == 2 and "another kg build" in err) for code, err in results)
        in_out, in_store = _triples_out_and_store(tmp_path)
        assert in_out == in_store


ENOSPC = OSError(f"IO error: {os.strerror(errno.ENOSPC)}: While appending to file: /somewhere/.db.kg-build-1-x/000010.sst: "
                 f"{os.strerror(errno.ENOSPC)}")          # what Oxigraph raises on a full disk: no errno, no file name


def test_a_full_disk_during_a_store_build_names_the_store_and_leaves_everything_as_it_was(tmp_path, capsys,
                                                                                          monkeypatch):
    import kg.rdf.store

    site = tmp_path / "site"
    assert main(["build", str(SEEDS), "--out", str(site / "out"), "--store", str(site / "db"), "--quiet"]) == 0
    before = {"out": _files(site / "out"), "db": _files(site / "db")}

    def full(store, chunks):
        raise ENOSPC
    monkeypatch.setattr(kg.rdf.store, "_load", full)
    code, out, err = run(["build", str(SEEDS), "--out", str(site / "out"), "--store", str(site / "db"), "--rebuild"],
                         capsys)                # afresh: an update of the same corpus would load nothing
    assert code == 2 and out == ""
    assert err == f"kg build: error: {site / 'db'}: cannot write the store (No space left on device)\n"
    assert {"out": _files(site / "out"), "db": _files(site / "db")} == before
    assert sorted(p.name for p in site.iterdir()) == ["db", "out"]


def test_a_full_disk_during_a_plain_build_names_the_output_file(tmp_path, capsys, monkeypatch):
    import kg.build

    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))    # what a write to a full disk raises: no file name
    monkeypatch.setattr(kg.build.os, "fsync", full)
    code, _, err = run(["build", str(SEEDS), "--out", str(tmp_path / "out")], capsys)
    assert code == 2
    assert err == f"kg build: error: {tmp_path / 'out' / 'kg.ttl'}: cannot write (No space left on device)\n"
    assert list(tmp_path.iterdir()) == []


def _mounted_tmpfs(folder: Path, size: str) -> bool:
    folder.mkdir()
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                          capture_output=True).returncode == 0


@pytest.mark.parametrize("store, size, message", [(False, "150k", "out/kg.ttl: cannot write"),
                                                (True, "1200k", "db: cannot write the store")])
def test_a_really_full_disk_is_a_one_line_error_naming_the_real_file(tmp_path, store, size, message):
    disk = tmp_path / "disk"
    if not _mounted_tmpfs(disk, size):
        pytest.skip("needs root and mount for a small tmpfs")
    try:
        folders = ["--out", str(disk / "out")] + (["--store", str(disk / "db")] if store else [])
        done = subprocess.run([sys.executable, "-m", "kg.cli", "build", str(SEEDS), *folders], env=ENV,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode != 0 and done.stderr.count("\n") == 1
        assert f"{disk}/{message} (No space left on device)" in done.stderr
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_read_only_out_folder_is_named_with_the_cause(tmp_path):
    folder = Path(tempfile.mkdtemp(prefix="kg-ro-"))
    try:
        os.chmod(folder, 0o1777)
        out = folder / "out"
        assert main(["build", str(SEEDS), "--out", str(out), "--quiet"]) == 0
        before = _files(out)
        os.chmod(out, 0o555)
        command = [sys.executable, "-m", "kg.cli", "build", str(SEEDS), "--out", str(out)]
        if os.geteuid() == 0:                    # root writes anywhere: run the build as nobody
            if not shutil.which("setpriv"):
                pytest.skip("running as root without setpriv")
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + command
        done = subprocess.run(command, capture_output=True, text=True, cwd=folder, timeout=120, env=ENV)
        assert done.returncode == 2
        assert done.stderr == f"kg build: error: {out}: cannot write into the folder (permission denied)\n"
        assert _files(out) == before and sorted(p.name for p in folder.iterdir()) == ["out"]
    finally:
        os.chmod(folder / "out", 0o755)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("store", [False, True])
def test_two_files_with_the_same_bytes_are_one_document_and_the_second_is_reported(tmp_path, capsys, store):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "docs" / "b.txt").write_text(GOOD, encoding="utf-8")
    folders = ["--out", str(tmp_path / "out")] + (["--store", str(tmp_path / "db")] if store else [])
    docs = tmp_path / "docs"
    code, out, err = run(["build", str(docs), *folders], capsys)
    assert code == 0
    code, checked, _ = run(["validate", str(tmp_path / "out" / "kg.ttl"), "--sources", str(docs)], capsys)
    assert code == 0 and "conforms" in checked                    # one document, one file name: as the shapes say
    assert out.startswith("1 documents, 1 skipped (1 read, 0 reused, 0 removed): 1 plans" if store else
                          "1 documents, 1 skipped: 1 plans")
    assert err == f"skipped {docs / 'b.txt'}: the same bytes as {docs / 'a.txt'}, read once as a.txt\n"
