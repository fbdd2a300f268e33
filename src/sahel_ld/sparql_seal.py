"""Seal a query worker: no network, no programs, no files written, whatever a query asks for.

Three layers, each applied where the OS allows it, none needing root:

1. an empty network namespace (``unshare``; as non-root inside a new user namespace): no interface, so no
   connection can even be attempted;
2. a seccomp filter (Linux x86-64 and AArch64): ``socket`` other than ``AF_UNIX``, ``execve`` and
   ``io_uring_setup`` fail with ``EPERM``, also for native code such as Oxigraph's HTTP client;
3. a Python audit hook: no sockets, subprocesses, or files opened outside the installed code, or for writing.

Layers 1 and 2 are irreversible and inherited by threads started afterwards; layer 1 needs a process that
has started no thread yet, so ``isolate_network`` comes first, ``seal`` once the dataset is loaded. Neither
fails: each says which layer this OS refused, and the guard in the parent still refuses what it would stop.
"""

from __future__ import annotations

import ctypes
import platform
import struct
import sys
import sysconfig
from pathlib import Path

CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_EPERM = 0x7FFF0000, 0x00050001
AF_UNIX = 1
# machine: (audit architecture, socket, execve, execveat, io_uring_setup)
SYSCALLS = {
    "x86_64": (0xC000003E, 41, 59, 322, 425),
    "aarch64": (0xC00000B7, 198, 221, 281, 425),
}
X32_SYSCALL_BIT = 0x40000000
REFUSED_EVENTS = frozenset({
    "socket.connect", "socket.bind", "socket.getaddrinfo", "socket.sendto", "socket.sendmsg", "urllib.Request",
    "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
})


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def isolate_network() -> list[str]:
    """Move this (single-threaded) process into a new, empty network namespace; what failed, explained."""
    try:
        libc = _libc()
        if libc.unshare(CLONE_NEWNET) == 0 or libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
            return []
    except (OSError, AttributeError):
        pass
    return ["this OS refused a private network namespace; the seccomp filter still refuses sockets"]


def _filter_program(arch: int, socket: int, execve: int, execveat: int, io_uring_setup: int) -> bytes:
    """The seccomp BPF program, as the kernel's array of ``struct sock_filter``."""
    load, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = "allow", "deny"
    program = [
        (load, None, None, 4),  # seccomp_data.arch
        (jeq, None, deny, arch),  # another ABI (e.g. i386 int 0x80): refused outright
        (load, None, None, 0),  # seccomp_data.nr
        (jge, deny, None, X32_SYSCALL_BIT),
        (jeq, None, 7, socket),
        (load, None, None, 16),  # seccomp_data.args[0], low half: the address family
        (jeq, allow, deny, AF_UNIX),
        (jeq, deny, None, execve),
        (jeq, deny, None, execveat),
        (jeq, deny, None, io_uring_setup),
        (ret, None, None, SECCOMP_RET_ALLOW),
        (ret, None, None, SECCOMP_RET_EPERM),
    ]
    labels = {allow: len(program) - 2, deny: len(program) - 1}

    def offset(index: int, target) -> int:
        return 0 if target is None else (labels.get(target, target)) - index - 1

    return b"".join(struct.pack("HBBI", code, offset(i, jt), offset(i, jf), k)
                    for i, (code, jt, jf, k) in enumerate(program))


def refuse_sockets() -> bool:
    """Install the seccomp filter; False where the OS or the machine does not support it."""
    numbers = SYSCALLS.get(platform.machine())
    if numbers is None or sys.platform != "linux":
        return False
    program = _filter_program(*numbers)
    buffer = ctypes.create_string_buffer(program, len(program))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program) // 8, ctypes.addressof(buffer))
    try:
        libc = _libc()
        return (libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
                and libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def _code_folders() -> tuple[str, ...]:
    """Folders a sealed worker may still read: the installed Python code (for lazy imports)."""
    paths = {sys.prefix, sys.base_prefix, sys.exec_prefix, *sysconfig.get_paths().values()}
    paths.add(str(Path(__file__).resolve().parent))
    return tuple(p.rstrip("/") + "/" for p in paths if p)


def refuse_io() -> None:
    """Install the audit hook: no sockets, no subprocesses, no files but the installed code, read-only."""
    readable = _code_folders()

    def hook(event: str, args: tuple) -> None:
        if event == "open":
            path, mode, flags = args
            if isinstance(path, int):
                return
            read_only = (flags & 3) == 0 if mode is None else set(mode) <= set("rbt")
            if read_only and str(path).startswith(readable):
                return
            raise PermissionError(f"file access is disabled in query workers: {path}")
        if event in REFUSED_EVENTS:
            raise PermissionError(f"{event} is disabled in query workers")

    sys.addaudithook(hook)


def seal() -> list[str]:
    """Apply layers 2 and 3 (irreversible); what failed, explained."""
    missing = [] if refuse_sockets() else [
        f"no seccomp filter on {sys.platform}/{platform.machine()}; sockets are refused in Python only"]
    refuse_io()
    return missing
