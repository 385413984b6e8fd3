"""The package version, importable without pulling in the pipeline."""

__version__ = "0.1.0"
