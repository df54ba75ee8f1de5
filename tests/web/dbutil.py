"""dbutil.py - direct SQL on a test server's database (sqlite3 CLI or psql), for test setup
and for checking what was really stored."""
import csv
import io
import os
import re
import subprocess


def sql(srv, statement):
    """Runs SQL; returns rows as lists of strings (None for NULL)."""
    if srv.backend == "pg":
        conninfo = re.sub(r"dbname=\S+", f"dbname={srv.dbname}", srv.admin)
        out = subprocess.run(["psql", conninfo, "-q", "-A", "-F", "\x1f", "-t", "-P", "null=\x1e",
                              "-c", statement], capture_output=True, text=True, check=True).stdout
        sep = "\x1f"
    else:
        db = os.path.join(srv.tmp, "otasuke.db")
        out = subprocess.run(["sqlite3", "-batch", "-separator", "\x1f", "-nullvalue", "\x1e", db,
                              statement], capture_output=True, text=True, check=True).stdout
        sep = "\x1f"
    rows = []
    # split("\n"), not splitlines(): splitlines also splits at the \x1e NULL marker.
    for line in out.split("\n"):
        if line == "" or line.startswith("INSERT "):
            continue
        rows.append([None if v == "\x1e" else v for v in line.split(sep)])
    return rows


def insert(srv, statement):
    """Runs an INSERT ... RETURNING id and returns the id."""
    return int(sql(srv, statement)[0][0])


def q(s):
    """Quotes a SQL string literal."""
    return "'" + str(s).replace("'", "''") + "'"
