"""`dripos-terminal run`: its plain forms are read without argparse (the till's window comes first);
anything else goes to the full parser, which explains it."""

from __future__ import annotations

from pathlib import Path

import pytest

from dripos_terminal import cli
from dripos_terminal.services.demo_folder import DEMO_MARKER


@pytest.mark.parametrize(
    ("words", "demo", "data_dir", "windowed"),
    [
        (["run"], False, None, False),
        (["run", "--demo"], True, None, False),
        (["run", "--data-dir", "till-data"], False, "till-data", False),
        (["run", "--data-dir=till-data", "--demo"], True, "till-data", False),
        (["run", "--demo", "--data-dir", "till data"], True, "till data", False),
        (["run", "--windowed", "--demo"], True, None, True),
    ],
)
def test_the_plain_forms_of_run(words: list[str], demo: bool, data_dir: str | None, windowed: bool) -> None:
    plain = cli._plain_run(words)
    assert plain is not None and (plain.demo, plain.data_dir, plain.windowed) == (demo, data_dir, windowed)


@pytest.mark.parametrize(
    "words",
    [
        ["run", "--help"],
        ["run", "--dem"],  # argparse's abbreviation: the full parser decides
        ["run", "--demo", "--demo"],
        ["run", "--windowed", "--windowed"],
        ["run", "--data-dir"],
        ["run", "--data-dir", "--demo"],
        ["run", "--data-dir="],
        ["run", "--data-dir", "a", "--data-dir", "b"],
        ["run", "extra"],
        ["staff", "list"],
        [],
    ],
)
def test_everything_else_goes_to_the_full_parser(words: list[str]) -> None:
    assert cli._plain_run(words) is None


def test_a_plain_run_still_refuses_to_mix_demo_and_shop_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shop = tmp_path / "shop"
    shop.mkdir()
    (shop / DEMO_MARKER).write_text("demo")
    assert cli.main(["run", "--data-dir", str(shop)]) == 1  # a shop's till on the demo's folder
    assert "refused:" in capsys.readouterr().err and not (shop / "dripos.db").exists()


def test_a_mistake_is_explained_by_the_full_parser(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        cli.main(["run", "--bogus"])
    assert exited.value.code == 2 and "unrecognized arguments: --bogus" in capsys.readouterr().err
