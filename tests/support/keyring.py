"""The one keyring test double: a real `keyring` backend that keeps secrets in this process only.

These machines have no OS keyring, and tests must never touch one; every test, harness and bench
that needs a keyring installs an instance of this explicitly.
"""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(username)


class FileKeyring(KeyringBackend):
    """The OS keyring's stand-in for tests that run the command line in a subprocess: secrets kept
    in the JSON file named by `DRIPOS_TEST_KEYRING_FILE` (outside the data folder, like a real
    keyring's store). Selected with `PYTHON_KEYRING_BACKEND=tests.support.keyring.FileKeyring`."""

    priority = 1  # type: ignore[assignment]
    ENV = "DRIPOS_TEST_KEYRING_FILE"

    def __init__(self, path: str | None = None) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        import os

        self.path = path or os.environ[self.ENV]

    def _load(self) -> dict[str, str]:
        import json
        from pathlib import Path

        file = Path(self.path)
        return dict(json.loads(file.read_text())) if file.exists() else {}

    def _store(self, data: dict[str, str]) -> None:
        import json
        from pathlib import Path

        Path(self.path).write_text(json.dumps(data))

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}/{username}"] = password
        self._store(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}/{username}", None) is None:
            raise PasswordDeleteError(username)
        self._store(data)
