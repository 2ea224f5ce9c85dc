"""Processes a build starts, and the rule that they die with it.

The build forks processes to read entries, render pages, write the feeds and
data files and make the search index (which runs Pagefind); if the build is
killed (``kill -9``, a closed terminal) they must not go on writing into a
folder the next build is using. On Linux each child asks the kernel to kill it
when its parent dies (``PR_SET_PDEATHSIG``); everywhere, the children inherit
the build's lock (see ``output.BuildLock``), so the next build waits for them
rather than sharing a folder with them.

A child's failure comes back to the parent as the exception itself (pickled
through a pipe), so the command line reports a full disk in a child the same
way as one in the parent: one line, no traceback.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import pickle
import signal
import struct
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int) -> None:
    """Make the calling process receive SIGKILL when its parent ends (Linux; elsewhere a no-op)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def give_back_freed_memory() -> None:
    """Return the memory the process freed to the system (glibc's ``malloc_trim``; elsewhere a no-op).

    Loading a site frees tens of megabytes of short-lived objects (file bytes, results
    sent by the reading processes) in the middle of the heap, where the C library keeps
    them for reuse; every process forked afterwards would count them as its own.
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (musl has no malloc_trim)
        return
    trim(0)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C, raised by our own handler (``handle_ctrl_c``)."""


def handle_ctrl_c() -> None:
    """Let Ctrl-C raise ``Interrupted``, so the command can report it in one line and exit 130.

    Python's own handler raises ``KeyboardInterrupt`` itself; when one passes through
    code run by ``exec`` of a string (dataclasses, Pelican, Jinja do that), CPython 3.11
    remembers it and ends the process by SIGINT at exit, whatever the command
    caught and returned. A subclass is not remembered. A Ctrl-C that the shell told
    this process to ignore stays ignored.
    """
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _raise_interrupted)


def _raise_interrupted(signum: int, frame: object) -> None:
    raise Interrupted


class ChildFailed(RuntimeError):
    """A child process failed with an exception that could not be sent back."""


BEHIND = 10  # how much lower a process started ``behind`` runs (``nice`` steps: about a tenth of the CPU share)


def in_child_process(function: Callable[..., Any], *args: Any, behind: bool = False) -> Callable[[], Any]:
    """Start ``function(*args)`` in a forked process; returns ``wait()``, which gives back its result.

    The result, or the exception the function raised, comes back pickled; ``wait()``
    returns the one and raises the other. Where fork is missing, the function simply runs now.
    With ``behind``, the process runs at a lower priority (``nice``): the system gives it
    the CPU when the others that want it have had theirs.
    """
    if not hasattr(os, "fork"):
        value = function(*args)
        return lambda: value
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, never return into the parent's code
        os.close(reader)
        code = 1
        try:
            die_with_parent(parent)
            if behind:
                with contextlib.suppress(OSError):
                    os.nice(BEHIND)
            _send_back(writer, (True, function(*args)))
            code = 0
        except KeyboardInterrupt:
            code = 130  # the parent was interrupted too and says so
        except BaseException as error:  # everything goes back to the parent
            _send_back(writer, (False, error))
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(writer)

    def wait() -> Any:
        with os.fdopen(reader, "rb") as pipe:
            sent = pipe.read()
        _, status = os.waitpid(pid, 0)
        succeeded, value = pickle.loads(sent) if sent else (False, None)
        if os.waitstatus_to_exitcode(status) == 0 and succeeded:
            return value
        if isinstance(value, BaseException):
            raise value
        raise ChildFailed(f"{function.__name__} failed in its process (exit status {status})")

    return wait


def _send_back(writer: int, outcome: tuple[bool, Any]) -> None:
    data = _pickled(outcome)
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(data)


def start_tool(argv: list[str], keep_fds: tuple[int, ...] = ()) -> Callable[[], subprocess.CompletedProcess[str]]:
    """Start a tool (Pagefind) that dies with this process; returns ``finish()``, which waits for it.

    Its output goes to a temporary file (a pipe nobody reads could fill up and stop it).
    """
    parent = os.getpid()
    output = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115 (closed by finish)
    process = subprocess.Popen(
        argv,
        stdout=output,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        pass_fds=keep_fds,
        preexec_fn=lambda: die_with_parent(parent),
    )

    def finish() -> subprocess.CompletedProcess[str]:
        with output:
            returncode = process.wait()
            output.seek(0)
            return subprocess.CompletedProcess(argv, returncode, output.read(), "")

    return finish


def workers_for(setting: int, items: int, least: int = 50) -> int:
    """How many processes share ``items`` pieces of work: ``setting`` (0: one per CPU), at least ``least`` each."""
    wanted = int(setting) or os.cpu_count() or 1
    return max(1, min(wanted, items // least))


def map_in_processes(function: Callable[[Any], Any], items: list[Any], workers: int) -> list[Any]:
    """``[function(item) for item in items]``, the work shared by ``workers`` processes (forked).

    Process ``k`` takes every ``workers``-th item from the ``k``-th; this one takes
    the first share, the others send their results back pickled. The results come
    back in the order of ``items``, so the caller cannot tell how many processes
    there were. An exception in any process is raised here.
    """
    if workers <= 1 or not hasattr(os, "fork"):
        return [function(item) for item in items]
    results: list[Any] = [None] * len(items)
    waits = [(share, in_child_process(_map_share, function, items[share::workers])) for share in range(1, workers)]
    try:
        results[0::workers] = [function(item) for item in items[0::workers]]
    except BaseException:
        for _, wait in waits:  # reap the others; this process's error is the one to report
            with contextlib.suppress(BaseException):
                wait()
        raise
    failed: BaseException | None = None
    for share, wait in waits:  # every process is waited for, even after one failed
        try:
            results[share::workers] = wait()
        except BaseException as error:
            failed = failed or error
    if failed is not None:
        raise failed
    return results


_FRAME = struct.Struct("<Q")  # the length of one pickled result on its way back


def results_from_processes(function: Callable[[Any], Any], items: list[Any], workers: int) -> Iterator[Any]:
    """``function(item)`` for each of ``items`` in order, worked out by ``workers`` forked processes
    (by this one when ``workers`` is 1).

    This process then does none of the work: what the work leaves behind (parsers'
    garbage, a fragmented heap) stays in processes that end. Each result is sent
    back as soon as it is made and handed over as soon as it arrives, so this
    process never holds more than one result in transit (the results of reading
    10,000 entries weigh 38 MB pickled) and can use each one while the others are
    still being worked out. Process ``k`` takes every ``workers``-th item from the
    ``k``-th. An exception in any process is raised here; a caller that stops early
    stops the processes.
    """
    if workers <= 1 or not hasattr(os, "fork"):
        yield from (function(item) for item in items)
        return
    sys.stdout.flush()
    sys.stderr.flush()
    parent, children, complete = os.getpid(), [], False
    try:
        for share in range(workers):
            reader, writer = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: send each result back, never return into the parent's code
                for fd in [reader, *(pipe.fileno() for _, pipe in children)]:  # only the parent reads
                    os.close(fd)
                _send_each(parent, writer, function, items[share::workers])
            os.close(writer)
            children.append((pid, os.fdopen(reader, "rb")))
        for index in range(len(items)):
            yield _receive(children[index % workers][1])
        complete = True
    finally:
        failed = None
        for pid, pipe in children:
            pipe.close()  # a child still sending stops at once (broken pipe)
            _, status = os.waitpid(pid, 0)
            if complete and status and failed is None:
                failed = ChildFailed(f"{function.__name__} failed in its process (exit status {status})")
        if failed is not None:
            raise failed


def _send_each(parent: int, writer: int, function: Callable[[Any], Any], items: list[Any]) -> NoReturn:
    code = 1
    try:
        die_with_parent(parent)
        with os.fdopen(writer, "wb") as pipe:
            for item in items:
                try:
                    outcome: tuple[bool, Any] = (True, function(item))
                except Exception as error:  # the parent raises it in this item's place
                    outcome = (False, error)
                data = _pickled(outcome)
                pipe.write(_FRAME.pack(len(data)))
                pipe.write(data)
                pipe.flush()  # on its way now, not when the buffer is full
                if not outcome[0]:
                    break
        code = 0
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # the parent stopped reading (it failed or was interrupted): nothing to tell it
        code = 1
    finally:
        os._exit(code)


def _pickled(outcome: tuple[bool, Any]) -> bytes:
    try:
        return pickle.dumps(outcome, pickle.HIGHEST_PROTOCOL)
    except Exception:  # an exception that cannot be pickled is sent as text
        error = outcome[1] if isinstance(outcome[1], BaseException) else RuntimeError("unpicklable result")
        return pickle.dumps((False, ChildFailed("".join(traceback.format_exception(error)))))


def _receive(pipe: Any) -> Any:
    """The next result a child sent through ``pipe``; raises the exception it sent instead."""
    header = pipe.read(_FRAME.size)
    if len(header) < _FRAME.size:
        raise ChildFailed("a process ended before sending all its results")
    (size,) = _FRAME.unpack(header)
    data = pipe.read(size)
    if len(data) < size:
        raise ChildFailed("a process ended before sending all its results")
    succeeded, value = pickle.loads(data)
    if not succeeded:
        raise value
    return value


def _map_share(function: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    return [function(item) for item in items]
