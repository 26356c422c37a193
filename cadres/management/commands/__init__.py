"""Management commands of the registry: synthetic data for benchmarks."""
