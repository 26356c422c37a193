"""Hypothesis state machines over the database: each sequence of changes runs in a
transaction rolled back at its end, after ``check`` has looked at what it left."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction
from hypothesis import HealthCheck
from hypothesis import settings as examples
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test


class RolledBack(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def check(self) -> None:
        """What must hold at the end of every sequence."""

    def teardown(self) -> None:
        try:
            if not transaction.get_connection().needs_rollback:
                self.check()
        finally:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)


def run_sequences(machine: Callable[[], RolledBack], *, sequences: int, steps: int) -> None:
    """``sequences`` sequences of up to ``steps`` changes, the same ones on every run."""
    run_state_machine_as_test(
        machine,
        settings=examples(
            max_examples=sequences,
            stateful_step_count=steps,
            deadline=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        ),
    )
