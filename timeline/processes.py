"""Processes a build starts, and the rule that they die with it.

The build forks two processes for the feeds and data files and runs Pagefind;
if the build is killed (``kill -9``, a closed terminal) they must not go on
writing into a folder the next build is using. On Linux each child asks the
kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``); everywhere, the
children inherit the build's lock (see ``output.BuildLock``), so the next build
waits for them rather than sharing a folder with them.

A child's failure comes back to the parent as the exception itself (pickled
through a pipe), so the command line reports a full disk in a child the same
way as one in the parent: one line, no traceback.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import subprocess
import sys
import traceback
from collections.abc import Callable
from typing import Any

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


def in_child_process(function: Callable[..., Any], *args: Any) -> Callable[[], None]:
    """Start ``function(*args)`` in a forked process; returns ``wait()``, which re-raises its exception.

    Where fork is missing, the function simply runs now.
    """
    if not hasattr(os, "fork"):
        function(*args)
        return lambda: None
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
            function(*args)
            code = 0
        except KeyboardInterrupt:
            code = 130  # the parent was interrupted too and says so
        except BaseException as error:  # everything goes back to the parent
            _send_back(writer, error)
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(code)
    os.close(writer)

    def wait() -> None:
        with os.fdopen(reader, "rb") as pipe:
            sent = pipe.read()
        _, status = os.waitpid(pid, 0)
        if os.waitstatus_to_exitcode(status) == 0:
            return
        if sent:
            error = pickle.loads(sent)
            if isinstance(error, BaseException):
                raise error
        raise ChildFailed(f"{function.__name__} failed in its process (exit status {status})")

    return wait


def _send_back(writer: int, error: BaseException) -> None:
    try:
        data = pickle.dumps(error)
    except Exception:  # one that cannot be pickled is sent as text
        data = pickle.dumps(ChildFailed("".join(traceback.format_exception(error))))
    with os.fdopen(writer, "wb") as pipe:
        pipe.write(data)


def run_tool(argv: list[str], keep_fds: tuple[int, ...] = ()) -> subprocess.CompletedProcess[str]:
    """Run a tool (Pagefind) that dies with this process; ``keep_fds`` stay open in it (the build lock)."""
    parent = os.getpid()
    return subprocess.run(
        argv,
        capture_output=True,
        text=True,
        check=False,
        pass_fds=keep_fds,
        preexec_fn=lambda: die_with_parent(parent),
    )
