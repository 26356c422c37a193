"""Synthetic data for benchmarks: the commands' base (``command``), cadres (``cadres``),
the trees they live in (``areas``), volunteer activity (``activity``) and its removal
(``clearing``). Synthetic rows carry ``cadres.SYNTH_MARK`` so that ``--clear`` finds them."""
