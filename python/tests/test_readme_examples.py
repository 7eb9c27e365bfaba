"""The README's examples that recompute the headline D_post from the raw cascades (SQL on
journal.sqlite, pandas on avalanches.csv.gz) give report.json's value to 3 decimals."""

import json
import os
import re
import subprocess
import sys

from conftest import REPO


def readme_examples():
    text = open(os.path.join(REPO, "README.md")).read()
    blocks = re.findall(r"```python\n(# README example:.*?)```", text, flags=re.S)
    assert len(blocks) == 2, "the README's two D_post examples"
    return blocks


def test_readme_sql_and_pandas_reproduce_the_headline(tmp_path, grokscale_bin):
    config = tmp_path / "grid.toml"
    config.write_text('widths = [20, 30, 50]\nseeds = 3\ntopologies = ["ba"]\n[analysis]\nbootstrap_resamples = 200\n')
    out = tmp_path / "grokscale-out"
    subprocess.run([grokscale_bin, "run", "--workers", "2", "--quiet", "--config", str(config), "--out", str(out)], check=True, timeout=600)
    headline = round(json.load(open(out / "report.json"))["summary"]["D_post"]["value"], 3)
    for block in readme_examples():
        code = block.replace('out = "grokscale-out"', "out = %r" % str(out))
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        printed = [float(x) for x in done.stdout.split()]
        assert printed[0] == headline, (block.splitlines()[0], printed, headline)
