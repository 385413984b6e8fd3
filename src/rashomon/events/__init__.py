"""Grouping a stream of articles into events, incrementally (see :mod:`rashomon.events.cluster`)."""

from rashomon.events.cluster import Assignment, EventClusterer, EventSummary, cluster_batch
from rashomon.events.features import EventDoc
from rashomon.events.scoring import Weights

__all__ = ["Assignment", "EventClusterer", "EventDoc", "EventSummary", "Weights", "cluster_batch"]
