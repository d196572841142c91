"""Bringing data in: every file the dashboard reads, from a build's folder, the command line or the
Kelola data page, is measured (guard), read and checked by the reader of its kind, planned against
the database and written through `idm.database.Database.write`.

- `guard`, `sources`, `numbers`, `checks`, `errors`: measuring and opening a file, reading numbers as
  offices write them, the checks every row goes through, why a file is refused.
- `gazetteer`, `regions`: Kemendagri codes and names of the regions.
- readers, each beside its planner: `idm_file` (+ `idm_file_plan`), `bps` (+ `bps_plan`), `targets`
  (+ `targets_plan`); and those only a build reads: `published`, `indicators`, `boundaries`.
- `common`: the face of every plan, applying it, the figures before and after; `incoming`: one way in
  for every file (its kind read from its content); `build`: a whole database from a folder;
  `uploads`: files received from a browser until they are applied or dropped.
"""
