"""Batch runs: every report of a follow-up round (organisations × periods × notebooks) in one command.

`malrapport batch params/FILE.yaml` reads a run definition (`rundef`), decides from the manifests which reports
are up to date (`hashing`, `manifest`), executes the others on warm kernels (`kernels`, `runner`) in worker
processes or on a Dask cluster (`executors`), prints PDFs in one browser and writes each report's manifest last
(`engine`). `malrapport verify` re-executes a report from its manifest (`verify`).

Nothing heavy is imported here: a batch with nothing to do must answer in well under two seconds.
"""
