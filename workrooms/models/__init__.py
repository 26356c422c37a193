"""Workrooms (老党员工作室 / 老书记工作室), co-building clusters and their activity logs, and
deliberation (议事): recurring mechanisms, their meetings and follow-ups, and agreements.

Every table holds an ``area`` or reaches one through its parent: activities, meetings and
agreements carry the figures that reports add up, so they are ``PROTECT``ed from the
deletion of what they belong to. One module per page group, as in ``views/``.
"""

from __future__ import annotations

from .activities import Activity, ActivityKind, ActivityParticipant, ActivityPhoto
from .deliberation import Agreement, AgreementItem, FollowUp, Mechanism, Meeting
from .workrooms import Cluster, ClusterMembership, Workroom, WorkroomMember

__all__ = [
    "Workroom",
    "WorkroomMember",
    "Cluster",
    "ClusterMembership",
    "ActivityKind",
    "Activity",
    "ActivityParticipant",
    "ActivityPhoto",
    "Mechanism",
    "Meeting",
    "FollowUp",
    "Agreement",
    "AgreementItem",
]
